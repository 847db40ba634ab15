package dev.cairn.gateway.cluster;

import dev.cairn.scanner.HasherCount;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.spi.cluster.ClusterManager;
import java.util.HashSet;
import java.util.Set;

/**
 * ClusterHashers counts the hasher instances of a cluster in a cluster-wide map: each node with
 * the hasher role enters its count under its node id when it starts. Entries of nodes that have
 * left the cluster are not counted, so a node that died costs nothing here.
 */
public final class ClusterHashers implements HasherCount {
  /** The cluster-wide map of hasher instances by node id. */
  static final String MAP = "cairn.hashers";

  private final Vertx vertx;
  private final ClusterManager cluster;
  private final int local;

  private ClusterHashers(Vertx vertx, ClusterManager cluster, int local) {
    this.vertx = vertx;
    this.cluster = cluster;
    this.local = local;
  }

  /** Enters this node's {@code localHashers} into the map; completes with a count for its scanner. */
  public static Future<ClusterHashers> announce(Vertx vertx, ClusterManager cluster, int localHashers) {
    return vertx.sharedData().<String, Integer>getAsyncMap(MAP)
        .compose(map -> localHashers == 0 ? Future.succeededFuture() : map.put(cluster.getNodeId(), localHashers))
        .map(v -> new ClusterHashers(vertx, cluster, localHashers));
  }

  @Override
  public Future<Integer> count(boolean shared) {
    if (!shared) {
      return Future.succeededFuture(local);
    }
    Set<String> members = new HashSet<>(cluster.getNodes());
    return vertx.sharedData().<String, Integer>getAsyncMap(MAP).compose(AsyncMap::entries)
        .map(entries -> entries.entrySet().stream().filter(e -> members.contains(e.getKey()))
            .mapToInt(e -> e.getValue()).sum());
  }
}
