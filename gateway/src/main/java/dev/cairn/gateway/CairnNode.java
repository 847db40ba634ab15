package dev.cairn.gateway;

import dev.cairn.common.ChunkerParams;
import dev.cairn.common.message.Codecs;
import dev.cairn.gateway.metrics.NodeMetrics;
import dev.cairn.hasher.HasherVerticle;
import dev.cairn.scanner.ScannerOptions;
import dev.cairn.scanner.ScannerVerticle;
import dev.cairn.store.StoreVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import java.nio.file.Path;

/**
 * CairnNode is one running cairn node: a Vert.x instance with the store, hasher and scanner roles
 * deployed, talking over its event bus.
 *
 * <p>The threading of each role is chosen here, at deployment: the store is one worker (one writer
 * per repository), hashers are worker instances, one per core, on a pool of their own, and the
 * scanner runs on an event loop.
 */
public final class CairnNode implements AutoCloseable {
  private final Vertx vertx;

  private CairnNode(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * Starts a node serving the repository in {@code repository}; with {@code create}, a missing or
   * empty directory becomes a new repository.
   */
  public static CairnNode open(Path repository, boolean create) {
    return open(repository, create, null);
  }

  /**
   * Starts a node as {@link #open(Path, boolean)} does; with {@code metrics}, Vert.x and the rooms
   * report into its registry.
   */
  public static CairnNode open(Path repository, boolean create, NodeMetrics metrics) {
    Vertx vertx = metrics == null ? Vertx.vertx()
        : Vertx.builder().with(metrics.vertxOptions()).withMetrics(metrics.factory()).build();
    if (metrics != null) {
      metrics.instrument(vertx);
    }
    try {
      return Await.result(deploy(vertx, repository, create));
    } catch (RuntimeException e) {
      Await.result(vertx.close());
      throw e;
    }
  }

  private static Future<CairnNode> deploy(Vertx vertx, Path repository, boolean create) {
    Codecs.register(vertx);
    int hashers = Runtime.getRuntime().availableProcessors();
    DeploymentOptions store = new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)
        .setWorkerPoolName("cairn-store").setWorkerPoolSize(1);
    DeploymentOptions hasher = new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)
        .setInstances(hashers).setWorkerPoolName("cairn-hasher").setWorkerPoolSize(hashers);
    return vertx.deployVerticle(new StoreVerticle(repository, create, ChunkerParams.defaults()), store)
        .compose(id -> vertx.deployVerticle(HasherVerticle::new, hasher))
        .compose(id -> vertx.deployVerticle(new ScannerVerticle(ScannerOptions.forHashers(hashers))))
        .map(id -> new CairnNode(vertx));
  }

  /** The node's event bus, where requests to its roles go. */
  public EventBus bus() {
    return vertx.eventBus();
  }

  /** The node's Vert.x instance. */
  public Vertx vertx() {
    return vertx;
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
