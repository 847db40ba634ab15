package dev.cairn.gateway.http;

import dev.cairn.gateway.auth.AccessRole;
import dev.cairn.gateway.auth.Caller;
import dev.cairn.gateway.jobs.Job;
import dev.cairn.gateway.jobs.JobJson;
import dev.cairn.gateway.jobs.JobRegistry;
import dev.cairn.gateway.jobs.JobRequest;
import dev.cairn.gateway.jobs.JobRunner;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JobsApi answers {@code /api/jobs}: start a job, list jobs, show one, cancel one. */
final class JobsApi {
  /** Jobs a list shows unless asked for fewer or more. */
  static final int LIST_DEFAULT = 50;
  /** The most jobs one list shows: every job a gateway keeps by default fits twice. */
  static final int LIST_MAX = 1000;

  private final Vertx vertx;
  private final JobRunner runner;
  private final JobRegistry registry;
  private final PathRoots roots;

  JobsApi(Vertx vertx, JobRunner runner, JobRegistry registry, PathRoots roots) {
    this.vertx = vertx;
    this.runner = runner;
    this.registry = registry;
    this.roots = roots;
  }

  /**
   * {@code POST /api/jobs}: 202 with the new job, and its address in {@code Location}. The body is
   * JSON ({@link MutationGuard} has refused any other); a backup's sources and a restore's target
   * must lie under the server's {@link PathRoots}.
   */
  void create(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      throw ApiError.badRequest("the body must be a JSON object");
    }
    if (body == null) {
      throw ApiError.badRequest("the body must be a JSON object, e.g. {\"type\": \"check\"}");
    }
    if (body.getValue("type") instanceof String type) {
      ctx.put(AuditLog.JOB_TYPE, type);
    }
    JobRequest request;
    try {
      request = JobRequest.fromJson(body);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "invalid_job", e.getMessage());
    }
    Caller caller = Authenticator.require(ctx, neededFor(request));
    JobRequest allowed = restrictFor(caller.role(), request, Boolean.TRUE.equals(body.getValue("setIdBits")));
    vertx.executeBlocking(() -> {
      roots.check(allowed);
      return allowed;
    }, false).compose(runner::submit).onSuccess(job -> {
      ctx.put(AuditLog.JOB_ID, job.id());
      ctx.response().putHeader("Location", "/api/jobs/" + job.id());
      Answers.json(ctx, 202, JobJson.of(job));
    }).onFailure(ctx::fail);
  }

  /** The role a caller needs to start {@code request}: upkeep that removes data needs an admin. */
  static AccessRole neededFor(JobRequest request) {
    return request instanceof JobRequest.ForgetRequest || request instanceof JobRequest.PruneRequest
        ? AccessRole.ADMIN : AccessRole.OPERATOR;
  }

  /**
   * {@code request} as a caller with {@code role} may run it. A restore runs with the server's
   * identity, often root's, so a restore by a caller below admin never sets a set-uid or set-gid
   * bit on what it writes; asking for them ({@code askedSetId}) is refused. Nor may it write into
   * directories others could change ({@code "trustTarget"}): that would let whoever can change
   * them redirect a root restore.
   */
  static JobRequest restrictFor(AccessRole role, JobRequest request, boolean askedSetId) {
    if (role == AccessRole.ADMIN || !(request instanceof JobRequest.RestoreRequest r)) {
      return request;
    }
    if (r.trustTarget()) {
      throw new ApiError(403, "forbidden", "only an admin may restore into directories others could change "
          + "(\"trustTarget\": true); restore into a new directory instead");
    }
    if (askedSetId) {
      throw new ApiError(403, "forbidden", "only an admin may restore set-uid and set-gid bits (\"setIdBits\": true); "
          + "leave it out to restore without them");
    }
    return new JobRequest.RestoreRequest(r.snapshot(), r.target(), r.include(), r.numericOwner(), false, false);
  }

  /**
   * {@code GET /api/jobs?limit=N}: the newest {@code N} jobs kept ({@value #LIST_DEFAULT} unless
   * asked), and how many are kept.
   */
  void list(RoutingContext ctx) {
    int limit = limit(ctx.queryParams().get("limit"));
    Answers.ok(ctx, registry.list().map(jobs -> {
      JsonArray array = new JsonArray();
      jobs.stream().limit(limit).forEach(j -> array.add(JobJson.of(j)));
      return new JsonObject().put("jobs", array).put("total", jobs.size());
    }));
  }

  private static int limit(String given) {
    if (given == null) {
      return LIST_DEFAULT;
    }
    try {
      int n = Integer.parseInt(given);
      if (n >= 1 && n <= LIST_MAX) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiError.badRequest("\"limit\" must be a whole number from 1 to " + LIST_MAX + ", not \"" + given + "\"");
  }

  /** {@code GET /api/jobs/{id}}. */
  void get(RoutingContext ctx) {
    Answers.ok(ctx, find(ctx.pathParam("id")).map(JobJson::of));
  }

  /** {@code DELETE /api/jobs/{id}}: 202 with the job, which ends as cancelled shortly after. */
  void cancel(RoutingContext ctx) {
    ctx.put(AuditLog.JOB_ID, ctx.pathParam("id"));
    runner.cancel(ctx.pathParam("id")).onSuccess(job -> {
      ctx.put(AuditLog.JOB_TYPE, job.type());
      Answers.json(ctx, 202, JobJson.of(job));
    }).onFailure(ctx::fail);
  }

  Future<Job> find(String id) {
    return registry.get(id).compose(job -> job == null
        ? Future.failedFuture(ApiError.notFound("no job " + id)) : Future.succeededFuture(job));
  }
}
