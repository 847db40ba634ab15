package dev.cairn.gateway.http;

import dev.cairn.common.Addresses;
import dev.cairn.common.message.Codecs;
import dev.cairn.common.message.Progress;
import dev.cairn.gateway.jobs.ClusteredJobRegistry;
import dev.cairn.gateway.jobs.JobFeed;
import dev.cairn.gateway.jobs.JobRegistry;
import dev.cairn.gateway.jobs.JobRunner;
import dev.cairn.gateway.jobs.JobWire;
import dev.cairn.gateway.jobs.LocalJobRegistry;
import dev.cairn.gateway.metrics.JobMeters;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;

/**
 * GatewayVerticle is the node's HTTP front door: the JSON API, job events, the page, health
 * probes and metrics, on one port.
 *
 * <p>An event-loop verticle with one instance: the job runner, the progress consumer and every
 * request handler share its event loop, so job state needs no locks.
 */
public final class GatewayVerticle extends VerticleBase {
  /** Request bodies are small JSON objects; anything larger is refused with 413. */
  static final long MAX_BODY_BYTES = 64 * 1024;
  private static final String PAGE_POLICY =
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'";

  /** The API's OpenAPI document, a resource of this jar. */
  static final String OPENAPI = "/openapi.json";

  private final GatewayOptions options;
  private Buffer openApi;
  private JobRunner runner;
  private JobMeters meters;
  private HttpServer server;
  private Router router;
  private boolean accepting = true;

  public GatewayVerticle(GatewayOptions options) {
    this.options = options;
  }

  @Override
  public Future<?> start() {
    Codecs.register(vertx);
    JobWire.register(vertx);
    // In a cluster, jobs live in a cluster-wide map and every gateway hears every job's states.
    JobRegistry registry = vertx.isClustered() ? new ClusteredJobRegistry(vertx, options.keepEnded())
        : new LocalJobRegistry(options.keepEnded());
    JobFeed feed = new JobFeed();
    Future<Void> shared = vertx.isClustered() ? feed.share(vertx.eventBus(), options.nodeId()) : Future.succeededFuture();
    runner = new JobRunner(vertx, registry, feed, options.host(), options.maxRunning(), Clock.systemUTC());
    if (options.metrics() != null) {
      meters = new JobMeters(options.metrics().registry(), runner::active);
      feed.followAll(meters::ended);
    }
    router = routes(registry, feed);
    MessageConsumer<Progress> progress = vertx.eventBus().consumer(Addresses.SCANNER_PROGRESS, this::progress);
    server = vertx.createHttpServer(GatewayTls.serve(new HttpServerOptions(), options.security()).setHost(options.bindHost()).setPort(options.port())
        .setCompressionSupported(true));
    Future<Buffer> document = vertx.executeBlocking(GatewayVerticle::readOpenApi, false)
        .onSuccess(doc -> openApi = doc);
    return Future.join(progress.completion(), document, shared).compose(v -> server.requestHandler(router)
        .invalidRequestHandler(ApiError::invalidRequest).listen());
  }

  private static Buffer readOpenApi() throws IOException {
    try (InputStream in = GatewayVerticle.class.getResourceAsStream(OPENAPI)) {
      if (in == null) {
        throw new IOException("the jar lacks " + OPENAPI);
      }
      return Buffer.buffer(in.readAllBytes());
    }
  }

  private void openApi(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/json").end(openApi);
  }

  /** The port the gateway listens on. */
  public int port() {
    return server.actualPort();
  }

  /** The router, so tests can hold the OpenAPI document against the real routes. */
  Router router() {
    return router;
  }

  /**
   * Stops taking jobs and cancels those queued and running; completes once none is left, or
   * after {@code timeoutMillis}.
   */
  public Future<Void> drain(long timeoutMillis) {
    Promise<Void> drained = Promise.promise();
    context.runOnContext(v -> {
      accepting = false;
      runner.drain(timeoutMillis).onComplete(drained);
    });
    return drained.future();
  }

  private void progress(Message<Progress> message) {
    Progress p = message.body();
    if (!runner.runs(p.jobId())) {
      return; // Another gateway of the cluster runs it, and counts it.
    }
    if (meters != null) {
      meters.record(p);
    }
    runner.progress(p);
  }

  private Router routes(JobRegistry registry, JobFeed feed) {
    RepositoryClient repository = new RepositoryClient(vertx.eventBus());
    JobsApi jobs = new JobsApi(runner, registry);
    JobEvents events = new JobEvents(vertx, jobs, feed);
    SnapshotsApi snapshots = new SnapshotsApi(repository);
    StatusApi status = new StatusApi(vertx, repository, options.location(), () -> accepting);

    Router r = Router.router(vertx);
    r.route().handler(PathGuard::check);
    r.route("/api/*").handler(BodyHandler.create().setBodyLimit(MAX_BODY_BYTES));
    r.post("/api/jobs").handler(jobs::create);
    r.get("/api/jobs").handler(jobs::list);
    r.get("/api/jobs/:id").handler(jobs::get);
    r.delete("/api/jobs/:id").handler(jobs::cancel);
    r.get("/api/jobs/:id/events").handler(events::stream);
    r.get("/api/snapshots").handler(snapshots::list);
    r.get("/api/snapshots/:id").handler(snapshots::get);
    r.get("/api/snapshots/:id/tree").handler(snapshots::tree);
    r.get("/api/snapshots/:id/diff/:other").handler(snapshots::diff);
    r.get("/api/repository").handler(status::repository);
    r.get("/api/openapi.json").handler(this::openApi);
    r.get("/health/live").handler(status::live);
    r.get("/health/ready").handler(status::ready);
    if (options.metrics() != null) {
      r.get("/metrics").handler(PrometheusScrapingHandler.create(options.metrics().registry()));
    }
    r.route("/webjars/*").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(StaticHandler.create("META-INF/resources/webjars"));
    r.route("/*").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(this::pagePolicy).handler(StaticHandler.create("webroot").setCachingEnabled(false));
    r.route().failureHandler(ApiError::handle);
    r.errorHandler(400, ApiError::handle);
    r.errorHandler(404, ApiError::handle);
    r.errorHandler(405, ApiError::handle);
    return r;
  }

  private void pagePolicy(RoutingContext ctx) {
    // no-cache: browsers revalidate, so a new version of the page is seen at once.
    ctx.response().putHeader("Content-Security-Policy", PAGE_POLICY).putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Cache-Control", "no-cache");
    ctx.next();
  }
}
