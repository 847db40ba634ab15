package dev.cairn.scanner;

import dev.cairn.common.ChunkId;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.tree.Node;
import dev.cairn.common.tree.TreeCodec;
import io.vertx.core.Future;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * ParentSnapshot is what an incremental backup compares against: the latest snapshot of the same
 * host and the same paths, read one directory tree at a time as the walk reaches it.
 *
 * <p>A file whose size, modification time, change time and inode all match its entry in the parent
 * is not read again: its chunk list is taken from the parent.
 */
final class ParentSnapshot {
  private final ScannerStore store;

  ParentSnapshot(ScannerStore store) {
    this.store = store;
  }

  /** The latest snapshot of {@code host} over exactly {@code paths}, if there is one. */
  static Optional<Snapshot> choose(List<Snapshot> snapshots, String host, List<String> paths) {
    HashSet<String> wanted = new HashSet<>(paths);
    return snapshots.stream()
        .filter(s -> s.host().equals(host) && new HashSet<>(s.paths()).equals(wanted))
        .reduce((older, newer) -> newer);
  }

  /** The entries of parent tree {@code tree}, sorted by name; none when there is no parent tree or it cannot be read. */
  Future<List<Node>> entries(ChunkId tree) {
    if (tree == null) {
      return Future.succeededFuture(List.of());
    }
    // A parent tree that cannot be read only means the files below it are read again.
    return store.getTree(tree).otherwise(List.of());
  }

  /** The entry named {@code name} in sorted {@code entries}, or {@code null}. */
  static Node find(List<Node> entries, byte[] name) {
    int i = Collections.binarySearch(entries, probe(name), TreeCodec.BY_NAME);
    return i >= 0 ? entries.get(i) : null;
  }

  /** The subtree to compare a directory with: the parent's entry of the same name, if it was a directory. */
  static ChunkId subtree(Node previous) {
    return previous != null && previous.kind() == Node.Kind.DIRECTORY ? previous.subtree() : null;
  }

  /** Reports whether {@code current}, just scanned, is the file {@code previous} describes, content included. */
  static boolean unchanged(Node previous, Node current) {
    return previous != null && previous.kind() == Node.Kind.FILE && current.kind() == Node.Kind.FILE
        && previous.size() == current.size() && previous.mtimeNanos() == current.mtimeNanos()
        && previous.ctimeNanos() == current.ctimeNanos() && previous.inode() == current.inode();
  }

  private static Node probe(byte[] name) {
    return new Node(Node.Kind.SYMLINK, name, 0, 0, 0, 0, 0, List.of(), null, new byte[0]);
  }
}
