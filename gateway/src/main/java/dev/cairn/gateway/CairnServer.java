package dev.cairn.gateway;

import dev.cairn.gateway.http.GatewayOptions;
import dev.cairn.gateway.http.GatewayVerticle;
import dev.cairn.gateway.metrics.NodeMetrics;
import java.nio.file.Path;

/**
 * CairnServer is a node run as a service: every role, plus the web gateway on a port, with
 * metrics. {@code cairn serve} runs one until it is told to stop.
 */
public final class CairnServer implements AutoCloseable {
  /** How long a stop waits for cancelled jobs to end; a backup waits at most 10 s for its hashers. */
  static final long DRAIN_MILLIS = 15_000;
  /** How long a stop waits for the node to close once jobs have ended. */
  static final long CLOSE_MILLIS = 30_000;

  private final CairnNode node;
  private final GatewayVerticle gateway;
  private final String bindHost;

  private CairnServer(CairnNode node, GatewayVerticle gateway, String bindHost) {
    this.node = node;
    this.gateway = gateway;
    this.bindHost = bindHost;
  }

  /** Opens (or creates) the repository, starts every role and the gateway on {@code bindHost:port} (0: any free port). */
  public static CairnServer start(Path repository, String bindHost, int port) {
    NodeMetrics metrics = new NodeMetrics();
    CairnNode node = CairnNode.open(repository, true, metrics);
    GatewayVerticle gateway = new GatewayVerticle(
        GatewayOptions.of(bindHost, port, repository.toString(), Requests.hostName(), metrics));
    try {
      Await.result(node.vertx().deployVerticle(gateway));
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
    return new CairnServer(node, gateway, bindHost);
  }

  public int port() {
    return gateway.port();
  }

  /** Where the page is, e.g. {@code http://127.0.0.1:8080/}. */
  public String url() {
    String host = bindHost.contains(":") ? "[" + bindHost + "]" : bindHost;
    return "http://" + host + ":" + port() + "/";
  }

  /** The gateway verticle, for tests that hold the API's description against its routes. */
  public GatewayVerticle gateway() {
    return gateway;
  }

  /**
   * Stops cleanly in bounded time: takes no more jobs, cancels those running (a cancelled backup
   * commits nothing), then stops the node, whose store seals and indexes what it holds. The
   * repository is consistent whenever this stops, even if it is cut short.
   */
  @Override
  public void close() {
    try {
      Await.result(gateway.drain(DRAIN_MILLIS), DRAIN_MILLIS + 5_000);
    } finally {
      node.close(CLOSE_MILLIS);
    }
  }
}
