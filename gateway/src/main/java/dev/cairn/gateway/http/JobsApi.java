package dev.cairn.gateway.http;

import dev.cairn.gateway.auth.AccessRole;
import dev.cairn.gateway.auth.Caller;
import dev.cairn.gateway.jobs.Job;
import dev.cairn.gateway.jobs.JobJson;
import dev.cairn.gateway.jobs.JobRegistry;
import dev.cairn.gateway.jobs.JobRequest;
import dev.cairn.gateway.jobs.JobRunner;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** JobsApi answers {@code /api/jobs}: start a job, list jobs, show one, cancel one. */
final class JobsApi {
  private final JobRunner runner;
  private final JobRegistry registry;

  JobsApi(JobRunner runner, JobRegistry registry) {
    this.runner = runner;
    this.registry = registry;
  }

  /**
   * {@code POST /api/jobs}: 202 with the new job, and its address in {@code Location}. The body is
   * JSON; a request that says it sends anything else is refused with 415.
   */
  void create(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && !type.toLowerCase(java.util.Locale.ROOT).matches("application/json\\s*(;.*)?")) {
      throw new ApiError(415, "unsupported_media_type", "send the job as application/json, not " + type);
    }
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      throw ApiError.badRequest("the body must be a JSON object");
    }
    if (body == null) {
      throw ApiError.badRequest("the body must be a JSON object, e.g. {\"type\": \"check\"}");
    }
    JobRequest request;
    try {
      request = JobRequest.fromJson(body);
    } catch (IllegalArgumentException e) {
      throw new ApiError(400, "invalid_job", e.getMessage());
    }
    Caller caller = Authenticator.require(ctx, neededFor(request));
    request = restrictFor(caller.role(), request);
    runner.submit(request).onSuccess(job -> {
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
   * {@code request} as a caller with {@code role} may run it: the place where a request loses
   * what only an admin may ask for. A restore by a caller below admin must not set the set-uid
   * and set-gid bits of the files it writes; today's restore request has no field for them.
   */
  static JobRequest restrictFor(AccessRole role, JobRequest request) {
    return request;
  }

  /** {@code GET /api/jobs}: every job kept, newest first. */
  void list(RoutingContext ctx) {
    Answers.ok(ctx, registry.list().map(jobs -> {
      JsonArray array = new JsonArray();
      jobs.forEach(j -> array.add(JobJson.of(j)));
      return new JsonObject().put("jobs", array);
    }));
  }

  /** {@code GET /api/jobs/{id}}. */
  void get(RoutingContext ctx) {
    Answers.ok(ctx, find(ctx.pathParam("id")).map(JobJson::of));
  }

  /** {@code DELETE /api/jobs/{id}}: 202 with the job, which ends as cancelled shortly after. */
  void cancel(RoutingContext ctx) {
    runner.cancel(ctx.pathParam("id")).onSuccess(job -> Answers.json(ctx, 202, JobJson.of(job))).onFailure(ctx::fail);
  }

  Future<Job> find(String id) {
    return registry.get(id).compose(job -> job == null
        ? Future.failedFuture(ApiError.notFound("no job " + id)) : Future.succeededFuture(job));
  }
}
