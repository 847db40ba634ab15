package dev.cairn.gateway;

import dev.cairn.gateway.auth.CredentialsFile;
import dev.cairn.gateway.auth.StateDirectory;
import dev.cairn.gateway.cluster.ClusterSettings;
import dev.cairn.gateway.http.GatewayLimits;
import dev.cairn.gateway.http.GatewayOptions;
import dev.cairn.gateway.http.GatewaySecurity;
import dev.cairn.gateway.http.GatewayTls;
import dev.cairn.gateway.http.GatewayVerticle;
import dev.cairn.gateway.http.ProbeVerticle;
import dev.cairn.gateway.metrics.NodeMetrics;
import java.io.IOException;
import dev.cairn.common.ChunkerParams;
import dev.cairn.store.RepositorySetup;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * CairnServer is a node run as a service: every role, plus the web gateway on a port, with
 * metrics; or, in a cluster, the roles it is given. {@code cairn serve} runs one until it is told
 * to stop. A clustered node without the gateway role answers only the health probes on its port.
 */
public final class CairnServer implements AutoCloseable {
  /** How long a stop waits for cancelled jobs to end; a backup waits at most 10 s for its hashers. */
  static final long DRAIN_MILLIS = 15_000;
  /** How long a stop waits for the node to close once jobs have ended. */
  static final long CLOSE_MILLIS = 30_000;

  private final CairnNode node;
  private final GatewayVerticle gateway;
  private final ProbeVerticle probes;
  private final String bindHost;
  private final Path firstAdminToken;
  private final GatewayTls tls;

  private CairnServer(CairnNode node, GatewayVerticle gateway, ProbeVerticle probes, String bindHost,
      Path firstAdminToken, GatewayTls tls) {
    this.node = node;
    this.gateway = gateway;
    this.probes = probes;
    this.bindHost = bindHost;
    this.firstAdminToken = firstAdminToken;
    this.tls = tls;
  }

  /**
   * Opens (or creates) the plain-text repository, starts every role and the gateway on {@code
   * bindHost:port} (0: any free port), with {@code security}.
   */
  public static CairnServer start(Path repository, String bindHost, int port, GatewaySecurity security) {
    return start(Role.all(), repository, RepositorySetup.plainText(true, ChunkerParams.defaults()), null, bindHost,
        port, security, GatewayLimits.DEFAULT);
  }

  /**
   * Starts a node with {@code roles}, in the cluster {@code cluster} describes ({@code null}: alone),
   * and the gateway, or the health probes alone, on {@code bindHost:port}. {@code repository} is
   * opened as {@code setup} says, with the store role only; every role takes the password of an
   * encrypted repository from {@code setup}. A gateway whose state directory holds no
   * credentials yet makes an admin token first, in {@link #firstAdminToken()}.
   */
  public static CairnServer start(Set<Role> roles, Path repository, RepositorySetup setup, ClusterSettings cluster,
      String bindHost, int port, GatewaySecurity security) {
    return start(roles, repository, setup, cluster, bindHost, port, security, GatewayLimits.DEFAULT);
  }

  /** Starts a node as {@link #start(Set, Path, RepositorySetup, ClusterSettings, String, int, GatewaySecurity)} does, with {@code limits}. */
  public static CairnServer start(Set<Role> roles, Path repository, RepositorySetup setup, ClusterSettings cluster,
      String bindHost, int port, GatewaySecurity security, GatewayLimits limits) {
    if (roles.contains(Role.GATEWAY)) {
      checkStateDirectory(security);
    }
    GatewayTls tls = roles.contains(Role.GATEWAY) ? GatewayTls.prepare(security, bindHost) : null;
    GatewaySecurity served = tls == null ? security : tls.security();
    NodeMetrics metrics = roles.contains(Role.GATEWAY) ? new NodeMetrics() : null;
    CairnNode node = CairnNode.start(roles, repository, setup, cluster, metrics);
    try {
      if (!roles.contains(Role.GATEWAY)) {
        ProbeVerticle probes = new ProbeVerticle(bindHost, port);
        Await.result(node.vertx().deployVerticle(probes));
        return new CairnServer(node, null, probes, bindHost, null, null);
      }
      Path firstToken = firstStart(security);
      String location = repository == null ? null : repository.toString();
      GatewayVerticle gateway = new GatewayVerticle(
          GatewayOptions.of(bindHost, port, location, Requests.hostName(), metrics, served).onNode(node.id())
              .with(limits), node.keyring());
      Await.result(node.vertx().deployVerticle(gateway));
      return new CairnServer(node, gateway, null, bindHost, firstToken, tls);
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  /** Makes or checks the state directory before anything is read from it or written to it. */
  private static void checkStateDirectory(GatewaySecurity security) {
    try {
      new StateDirectory(security.stateDir()).ensure();
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  private static Path firstStart(GatewaySecurity security) {
    try {
      Optional<Path> written = new CredentialsFile(security.stateDir()).firstStart();
      return written.orElse(null);
    } catch (IOException e) {
      throw new IllegalStateException("cannot set up the gateway's credentials in " + security.stateDir() + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * The file this start wrote the first admin token to, because the gateway had no credentials;
   * {@code null} if it had some.
   */
  public Path firstAdminToken() {
    return firstAdminToken;
  }

  public int port() {
    return gateway != null ? gateway.port() : probes.port();
  }

  /** The node this server runs. */
  public CairnNode node() {
    return node;
  }

  /** Where the page is, e.g. {@code http://127.0.0.1:8080/}, or {@code https://...} with TLS. */
  public String url() {
    String host = bindHost.contains(":") ? "[" + bindHost + "]" : bindHost;
    return (tls != null ? "https://" : "http://") + host + ":" + port() + "/";
  }

  /** The SHA-256 fingerprint of the gateway's TLS certificate, or {@code null} for plain HTTP. */
  public String tlsFingerprint() {
    return tls == null ? null : tls.fingerprint();
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
      if (gateway != null) {
        Await.result(gateway.drain(DRAIN_MILLIS), DRAIN_MILLIS + 5_000);
      }
    } finally {
      node.close(CLOSE_MILLIS);
    }
  }
}
