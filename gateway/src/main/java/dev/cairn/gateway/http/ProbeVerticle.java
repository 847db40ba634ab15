package dev.cairn.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * ProbeVerticle answers {@code /health/live} and {@code /health/ready}, and nothing else, for a
 * clustered node without the gateway role, so an orchestrator can still tell whether it runs. The
 * node deploys it once its roles have started and its cluster is joined, so both answer 200.
 */
public final class ProbeVerticle extends VerticleBase {
  private final String bindHost;
  private final int port;
  private HttpServer server;

  public ProbeVerticle(String bindHost, int port) {
    this.bindHost = bindHost;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    router.get("/health/live").handler(this::up);
    router.get("/health/ready").handler(this::up);
    router.errorHandler(404, ApiError::handle);
    router.errorHandler(405, ApiError::handle);
    server = vertx.createHttpServer();
    return server.requestHandler(router).listen(port, bindHost);
  }

  /** The port the probes listen on. */
  public int port() {
    return server.actualPort();
  }

  private void up(RoutingContext ctx) {
    Answers.json(ctx, 200, new JsonObject().put("status", "UP"));
  }
}
