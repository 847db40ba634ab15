package dev.cairn.gateway.cluster;

import dev.cairn.scanner.HasherCount;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.spi.cluster.ClusterManager;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * ClusterHashers counts the hasher instances of a cluster in a cluster-wide map: each node with
 * the hasher role enters its count under its node id when it starts. Entries of nodes that have
 * left the cluster are not counted, so a node that died costs nothing here. With a cluster secret,
 * each count is sealed under its node's id, so a process on the Hazelcast port can neither read
 * the cluster's layout from the map nor enter counts of its own.
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
    Buffer count = Buffer.buffer().appendInt(localHashers);
    Buffer entry = ClusterSecret.of(vertx).map(s -> Buffer.buffer(s.seal(count.getBytes(), MAP + "/" + cluster.getNodeId())))
        .orElse(count);
    return vertx.sharedData().<String, Buffer>getAsyncMap(MAP)
        .compose(map -> localHashers == 0 ? Future.succeededFuture() : map.put(cluster.getNodeId(), entry))
        .map(v -> new ClusterHashers(vertx, cluster, localHashers));
  }

  @Override
  public Future<Integer> count(boolean shared) {
    if (!shared) {
      return Future.succeededFuture(local);
    }
    Set<String> members = new HashSet<>(cluster.getNodes());
    Optional<ClusterSecret> secret = ClusterSecret.of(vertx);
    return vertx.sharedData().<String, Buffer>getAsyncMap(MAP).compose(AsyncMap::entries)
        .map(entries -> entries.entrySet().stream().filter(e -> members.contains(e.getKey()))
            .mapToInt(e -> hashers(secret, e.getKey(), e.getValue())).sum());
  }

  /** The count in {@code entry}; none for an entry this cluster did not write. */
  private static int hashers(Optional<ClusterSecret> secret, String nodeId, Buffer entry) {
    Optional<byte[]> count = secret.isEmpty() ? Optional.of(entry.getBytes())
        : secret.get().open(entry.getBytes(), MAP + "/" + nodeId);
    return count.filter(b -> b.length == 4).map(b -> Buffer.buffer(b).getInt(0)).orElse(0);
  }
}
