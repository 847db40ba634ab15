package dev.cairn.scanner;

import dev.cairn.common.AsyncLoop;
import dev.cairn.common.ChunkId;
import dev.cairn.common.Failures;
import dev.cairn.common.tree.Node;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/** SnapshotPaths finds an entry inside a snapshot by its absolute path, one tree at a time. */
final class SnapshotPaths {
  private SnapshotPaths() {}

  /**
   * An entry found in a snapshot.
   *
   * @param node the entry, or {@code null} for the snapshot's root
   * @param tree the tree the entry lists (the root tree, or a directory's subtree); {@code null} for
   *     files and links
   * @param path the entry's absolute path within the snapshot, as raw bytes
   */
  record Located(Node node, ChunkId tree, byte[] path) {}

  /** Splits {@code path} ({@code /a/b}, {@code a/b} or {@code /}) into its names. */
  static List<byte[]> names(String path) {
    List<byte[]> names = new ArrayList<>();
    for (String part : path == null ? new String[0] : path.split("/")) {
      if (!part.isEmpty() && !part.equals(".")) {
        if (part.equals("..")) {
          throw new IllegalArgumentException("a snapshot path cannot contain '..': " + path);
        }
        names.add(part.getBytes(StandardCharsets.UTF_8));
      }
    }
    return names;
  }

  /** Finds {@code path} under {@code root}; fails with 404 if no such entry exists. */
  static Future<Located> locate(ScannerStore store, ChunkId root, String path) {
    List<byte[]> names;
    try {
      names = names(path);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    // One tree at a time in a loop: a chain of one future per name would, on failing, fail the
    // rest of the chain from within itself, as deep as the path is long.
    Located[] at = {new Located(null, root, new byte[0])};
    Iterator<byte[]> next = names.iterator();
    return AsyncLoop.repeat(() -> {
      if (!next.hasNext()) {
        return Future.succeededFuture(false);
      }
      byte[] name = next.next();
      Located parent = at[0];
      if (parent.tree() == null) {
        return notFound(path);
      }
      return store.getTree(parent.tree()).compose(entries -> {
        Node child = entries.stream().filter(n -> Arrays.equals(n.name(), name)).findFirst().orElse(null);
        if (child == null) {
          return notFound(path);
        }
        at[0] = new Located(child, child.subtree(), dev.cairn.common.RawPaths.join(parent.path(), name));
        return Future.succeededFuture(true);
      });
    }).map(v -> at[0]);
  }

  private static <T> Future<T> notFound(String path) {
    return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, Failures.NOT_FOUND,
        "the snapshot has no " + path));
  }
}
