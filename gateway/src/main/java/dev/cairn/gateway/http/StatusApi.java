package dev.cairn.gateway.http;

import dev.cairn.common.Addresses;
import dev.cairn.common.Failures;
import dev.cairn.common.message.ScannerMessages.Cancel;
import dev.cairn.common.message.StoreMessages.Info;
import dev.cairn.common.message.MaintenanceMessages.RepositoryStats;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.RoutingContext;
import java.util.function.BooleanSupplier;

/**
 * StatusApi answers what the node holds and whether it works: {@code /api/repository}, {@code
 * /health/live} and {@code /health/ready}.
 *
 * <p>Ready means the store answers (the repository is open), the scanner answers, and the gateway
 * is not shutting down. Live means this event loop answers at all.
 */
final class StatusApi {
  private static final long PROBE_MILLIS = 2_000;

  private final Vertx vertx;
  private final RepositoryClient repository;
  private final String location;
  private final HealthChecks ready;

  StatusApi(Vertx vertx, RepositoryClient repository, String location, BooleanSupplier accepting) {
    this.vertx = vertx;
    this.repository = repository;
    this.location = location;
    this.ready = HealthChecks.create(vertx)
        .register("store", PROBE_MILLIS, this::storeAnswers)
        .register("scanner", PROBE_MILLIS, this::scannerAnswers)
        .register("gateway", p -> p.complete(accepting.getAsBoolean() ? Status.OK()
            : Status.KO(new JsonObject().put("reason", "shutting down"))));
  }

  /** {@code GET /api/repository}: where it is, how it is written, what it holds and what it protects. */
  void repository(RoutingContext ctx) {
    Future<Info> info = repository.describe(PROBE_MILLIS * 5);
    Future<RepositoryStats> stats = repository.stats();
    Answers.ok(ctx, Future.all(info, stats).map(both -> {
      Info i = info.result();
      RepositoryStats s = stats.result();
      return new JsonObject()
          .put("id", i.repositoryId())
          .put("location", location)
          .put("version", i.version())
          .put("hash", i.hash())
          .put("chunker", new JsonObject().put("algorithm", i.chunker().algorithm()).put("minSize", i.chunker().minSize())
              .put("avgSize", i.chunker().avgSize()).put("maxSize", i.chunker().maxSize()))
          .put("packs", s.packs())
          .put("chunks", s.chunks())
          .put("chunkBytes", s.chunkBytes())
          .put("trees", s.trees())
          .put("storedBytes", s.chunkBytes() + s.treeBytes())
          .put("snapshots", s.snapshots())
          .put("logicalBytes", s.logicalBytes())
          .put("dedupRatio", s.dedupRatio());
    }));
  }

  /** {@code GET /health/live}. */
  void live(RoutingContext ctx) {
    Answers.json(ctx, 200, new JsonObject().put("status", "UP"));
  }

  /** {@code GET /health/ready}: 200 when every check passes, 503 otherwise, with each check. */
  void ready(RoutingContext ctx) {
    ready.checkStatus().onSuccess(result -> {
      JsonObject body = result.toJson();
      Answers.json(ctx, Boolean.TRUE.equals(result.getUp()) ? 200 : 503, body);
    }).onFailure(ctx::fail);
  }

  private void storeAnswers(Promise<Status> probe) {
    repository.describe(PROBE_MILLIS).onComplete(r -> probe.complete(r.succeeded()
        ? Status.OK(new JsonObject().put("repository", r.result().repositoryId()))
        : Status.KO(new JsonObject().put("reason", Failures.describe(r.cause())))));
  }

  private void scannerAnswers(Promise<Status> probe) {
    // Cancelling no job is harmless, and answered only by a scanner that is up.
    vertx.eventBus().request(Addresses.SCANNER_CANCEL, new Cancel(""), new DeliveryOptions().setSendTimeout(PROBE_MILLIS))
        .onComplete(r -> probe.complete(r.succeeded() ? Status.OK()
            : Status.KO(new JsonObject().put("reason", Failures.describe(r.cause())))));
  }
}
