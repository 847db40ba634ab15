package dev.cairn.gateway.http;

import dev.cairn.common.crypto.Keyring;
import dev.cairn.common.Addresses;
import dev.cairn.common.message.Codecs;
import dev.cairn.common.message.Progress;
import dev.cairn.gateway.auth.AccessRole;
import dev.cairn.gateway.auth.CredentialsFile;
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
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

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
      "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
      + "frame-ancestors 'none'";

  /** The API's OpenAPI document, a resource of this jar. */
  static final String OPENAPI = "/openapi.json";

  private final GatewayOptions options;
  private final Keyring keyring;
  private Buffer openApi;
  private JobRunner runner;
  private JobMeters meters;
  private HttpServer server;
  private Router router;
  private boolean accepting = true;

  /**
   * A gateway as {@code options} say; {@code keyring} opens the ids of an encrypted repository's
   * trees that arrive from another node, so they can be checked.
   */
  public GatewayVerticle(GatewayOptions options, Keyring keyring) {
    this.options = options;
    this.keyring = keyring;
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
    runner = new JobRunner(vertx, registry, feed, options.host(), options.maxRunning(),
        options.limits().maxQueued(), Clock.systemUTC());
    if (options.metrics() != null) {
      meters = new JobMeters(options.metrics().registry(), runner::active);
      feed.followAll(meters::ended);
    }
    MessageConsumer<Progress> progress = vertx.eventBus().consumer(Addresses.SCANNER_PROGRESS, this::progress);
    GatewayLimits limits = options.limits();
    ConnectionGuard connections = new ConnectionGuard(vertx, limits);
    // No HTTP/2 without TLS: no browser speaks it, and a connection that waits to say which protocol it
    // speaks would reach the connection guard only once it sends something.
    server = vertx.createHttpServer(GatewayTls.serve(new HttpServerOptions(), options.security())
        .setHost(options.bindHost()).setPort(options.port()).setCompressionSupported(true)
        .setHttp2ClearTextEnabled(false).setIdleTimeout(limits.idleSeconds()).setMaxHeaderSize(limits.maxHeaderBytes()));
    Future<Buffer> document = vertx.executeBlocking(GatewayVerticle::readOpenApi, false)
        .onSuccess(doc -> openApi = doc);
    // Listing the machine's addresses blocks, so the guard is made on a worker.
    Future<HostGuard> hosts = vertx.executeBlocking(
        () -> new HostGuard(options.bindHost(), options.security().allowedHosts()), false);
    return Future.join(progress.completion(), document, shared, hosts).compose(v -> {
      router = routes(registry, feed, hosts.result(), connections);
      return server.requestHandler(router).connectionHandler(connections::opened)
          .invalidRequestHandler(ApiError::invalidRequest).listen();
    });
  }

  /** The roots API jobs may use, and the gateway's own directories, which they never may. */
  private PathRoots pathRoots() {
    List<Path> own = new ArrayList<>();
    if (options.security().stateDir() != null) {
      own.add(options.security().stateDir());
    }
    if (options.location() != null) {
      own.add(Path.of(options.location()));
    }
    return new PathRoots(options.security().allowedPaths(), own);
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

  /** The options it was made with, so tests can find its state directory. */
  GatewayOptions options() {
    return options;
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

  private Router routes(JobRegistry registry, JobFeed feed, HostGuard hosts, ConnectionGuard connections) {
    RepositoryClient repository = new RepositoryClient(vertx, keyring);
    JobsApi jobs = new JobsApi(vertx, runner, registry, pathRoots());
    JobEvents events = new JobEvents(vertx, jobs, feed);
    SnapshotsApi snapshots = new SnapshotsApi(repository);
    StatusApi status = new StatusApi(vertx, repository, options.location(), () -> accepting);

    GatewaySecurity security = options.security();
    CredentialsFile credentials = new CredentialsFile(security.stateDir());
    Sessions sessions = new Sessions(Clock.systemUTC());
    SessionsApi sign = new SessionsApi(vertx, credentials, sessions, new LoginThrottle(Clock.systemUTC()), security.tls());

    Router r = Router.router(vertx);
    // Refusals come before any work: the audit line first, so that refused requests are logged too;
    // a foreign Host is refused before any credential is looked at.
    r.route().handler(connections::track).handler(AuditLog::follow).handler(hosts::check).handler(PathGuard::check)
        .handler(new MutationGuard(hosts, security.tls())::check);
    // No uploads: a body is a small JSON object held in memory, never a file on disk.
    r.route("/api/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    // Every route below needs a credential, but for those Authenticator.isPublic names.
    r.route().handler(new Authenticator(vertx, credentials, sessions, security.metricsTokenFile()));
    r.post("/api/login").handler(sign::login);
    r.post("/api/logout").handler(sign::logout);
    r.get("/api/session").handler(sign::session);
    r.post("/api/jobs").handler(jobs::create); // the role needed depends on the job's type
    r.get("/api/jobs").handler(jobs::list);
    r.get("/api/jobs/:id").handler(jobs::get);
    r.delete("/api/jobs/:id").handler(Authenticator.atLeast(AccessRole.OPERATOR)).handler(jobs::cancel);
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
    // The libraries' paths carry their version, so a browser may keep them a day.
    r.route("/webjars/*").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(new ClasspathFiles(vertx, "META-INF/resources/webjars", "/webjars/", "max-age=86400")::handle);
    r.route("/*").method(HttpMethod.GET).method(HttpMethod.HEAD)
        // no-cache: browsers revalidate, so a new version of the page is seen at once.
        .handler(this::pagePolicy).handler(new ClasspathFiles(vertx, "webroot", "/", "no-cache")::handle);
    r.route().failureHandler(ApiError::handle);
    r.errorHandler(400, ApiError::handle);
    r.errorHandler(404, ApiError::handle);
    r.errorHandler(405, ApiError::handle);
    return r;
  }

  private void pagePolicy(RoutingContext ctx) {
    // No framing by other pages: a click on the page is always the person's own.
    ctx.response().putHeader("Content-Security-Policy", PAGE_POLICY);
    ctx.next();
  }
}
