package dev.cairn.scanner;

import io.vertx.core.Future;

/**
 * HasherCount says how many hasher instances a backup's batches can reach, so the scanner's window
 * of batches in flight grows with them: those of the scanner's own node, or those of the whole
 * cluster.
 */
@FunctionalInterface
public interface HasherCount {
  /** Hasher instances in the whole cluster ({@code shared}) or on the scanner's node only. */
  Future<Integer> count(boolean shared);

  /** A node that is the whole cluster, with {@code hashers} instances. */
  static HasherCount fixed(int hashers) {
    return shared -> Future.succeededFuture(hashers);
  }
}
