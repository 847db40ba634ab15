package dev.cairn.gateway;

import dev.cairn.common.ChunkerParams;
import dev.cairn.common.message.Codecs;
import dev.cairn.gateway.cluster.ClusterHashers;
import dev.cairn.gateway.cluster.ClusterSecret;
import dev.cairn.gateway.cluster.ClusterSettings;
import dev.cairn.gateway.cluster.VerifiedClusterManager;
import dev.cairn.gateway.jobs.JobWire;
import dev.cairn.gateway.metrics.NodeMetrics;
import dev.cairn.hasher.HasherVerticle;
import dev.cairn.scanner.HasherCount;
import dev.cairn.scanner.ScannerOptions;
import dev.cairn.common.pressure.StorePatience;
import dev.cairn.scanner.ScannerVerticle;
import dev.cairn.store.Repository;
import dev.cairn.store.RepositorySetup;
import dev.cairn.store.StoreOptions;
import dev.cairn.store.StoreVerticle;
import dev.cairn.common.crypto.Keyring;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.spi.cluster.ClusterManager;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.nio.file.Path;
import java.util.Set;

/**
 * CairnNode is one running cairn node: a Vert.x instance with some or all of the store, hasher and
 * scanner roles deployed, talking over its event bus, alone or as a member of a cluster.
 *
 * <p>The threading of each role is chosen here, at deployment: the store is one worker (one writer
 * per repository), hashers are worker instances, one per core, on a pool of their own, and the
 * scanner runs on an event loop.
 */
public final class CairnNode implements AutoCloseable {
  private final Vertx vertx;
  private final String id;
  private final Keyring keyring;

  private CairnNode(Vertx vertx, String id, Keyring keyring) {
    this.vertx = vertx;
    this.id = id;
    this.keyring = keyring;
  }

  /** Starts a node serving the repository in {@code repository}, opened as {@code setup} says. */
  public static CairnNode open(Path repository, RepositorySetup setup) {
    return open(repository, setup, null);
  }

  /**
   * Starts a node serving the plain-text repository in {@code repository}; with {@code create}, a
   * missing or empty directory becomes a new one.
   */
  public static CairnNode open(Path repository, boolean create) {
    return open(repository, RepositorySetup.plainText(create, ChunkerParams.defaults()));
  }

  /**
   * Starts a node as {@link #open(Path, RepositorySetup)} does; with {@code metrics}, Vert.x and the
   * rooms report into its registry.
   */
  public static CairnNode open(Path repository, RepositorySetup setup, NodeMetrics metrics) {
    return start(Role.all(), repository, setup, null, metrics);
  }

  /**
   * Starts a node with {@code roles} (the gateway role is deployed by the caller). With {@code
   * cluster}, the node first joins its cluster; otherwise it is alone. {@code repository} is
   * opened only with the store role, as {@code setup} says; every role of an encrypted repository
   * takes its password from {@code setup}. Fails, leaving nothing running, if the cluster cannot be
   * joined or a role cannot start.
   */
  public static CairnNode start(Set<Role> roles, Path repository, RepositorySetup setup, ClusterSettings cluster,
      NodeMetrics metrics) {
    if (roles.contains(Role.STORE) && repository != null && !setup.create()) {
      // Argon2id takes half a second: it runs while Vert.x starts, not after.
      Repository.prepareKey(repository, setup.passwords());
    }
    VertxOptions options = metrics == null ? new VertxOptions() : metrics.vertxOptions();
    VertxBuilder builder = Vertx.builder().with(options);
    if (metrics != null) {
      builder.withMetrics(metrics.factory());
    }
    ClusterManager manager = null;
    Vertx vertx;
    if (cluster == null) {
      vertx = builder.build();
    } else {
      cluster.eventBus(options.getEventBusOptions());
      manager = new HazelcastClusterManager(cluster.hazelcastConfig());
      if (cluster.trust() != null) {
        manager = new VerifiedClusterManager(manager, cluster.trust().secret());
      }
      vertx = Await.result(builder.withClusterManager(manager).buildClustered());
      if (cluster.trust() != null) {
        ClusterSecret.bind(vertx, cluster.trust().secret());
      }
    }
    if (metrics != null) {
      metrics.instrument(vertx);
    }
    try {
      String id = manager == null ? Requests.hostName() : manager.getNodeId();
      int hashers = roles.contains(Role.HASHER) ? Runtime.getRuntime().availableProcessors() : 0;
      Future<HasherCount> count = manager == null ? Future.succeededFuture(HasherCount.fixed(hashers))
          : ClusterHashers.announce(vertx, manager, hashers).map(HasherCount.class::cast);
      Keyring keyring = new Keyring(setup.passwords());
      return Await.result(count.compose(c -> deploy(vertx, id, roles, repository, setup, keyring, hashers, c)));
    } catch (RuntimeException e) {
      Await.result(vertx.close());
      throw e;
    }
  }

  private static Future<CairnNode> deploy(Vertx vertx, String id, Set<Role> roles, Path repository,
      RepositorySetup setup, Keyring keyring, int hashers, HasherCount count) {
    Codecs.register(vertx);
    JobWire.register(vertx);
    Future<?> started = Future.succeededFuture();
    if (roles.contains(Role.STORE)) {
      DeploymentOptions store = new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)
          .setWorkerPoolName("cairn-store").setWorkerPoolSize(1);
      started = started.compose(v ->
          vertx.deployVerticle(new StoreVerticle(repository, setup, StoreOptions.defaults(), keyring), store));
    }
    if (roles.contains(Role.HASHER)) {
      DeploymentOptions hasher = new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)
          .setInstances(hashers).setWorkerPoolName("cairn-hasher").setWorkerPoolSize(hashers);
      boolean storeRemote = !roles.contains(Role.STORE);
      started = started.compose(v -> vertx.deployVerticle(() -> new HasherVerticle(id, storeRemote, keyring), hasher));
    }
    if (roles.contains(Role.SCANNER)) {
      ScannerOptions options = ScannerOptions.onNode(id, hashers, count)
          .withStorePatience(StorePatience.forStore(!roles.contains(Role.STORE)));
      started = started.compose(v -> vertx.deployVerticle(new ScannerVerticle(options, keyring)));
    }
    return started.map(v -> new CairnNode(vertx, id, keyring));
  }

  /** The node's event bus, where requests to its roles go. */
  public EventBus bus() {
    return vertx.eventBus();
  }

  /** The node's Vert.x instance. */
  public Vertx vertx() {
    return vertx;
  }

  /** The codecs of the repositories this node works with, and its password source. */
  public Keyring keyring() {
    return keyring;
  }

  /** The node's id: its cluster member id, or the host name of a node alone. */
  public String id() {
    return id;
  }

  /** Undeploys every role (the store seals and indexes what it holds) and stops the node. */
  @Override
  public void close() {
    Await.result(vertx.close());
  }

  /** Closes the node as {@link #close} does, waiting at most {@code timeoutMillis}. */
  void close(long timeoutMillis) {
    Await.result(vertx.close(), timeoutMillis);
  }
}
