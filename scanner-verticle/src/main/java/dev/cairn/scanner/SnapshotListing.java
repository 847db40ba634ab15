package dev.cairn.scanner;

import dev.cairn.common.AsyncLoop;
import dev.cairn.common.ChunkId;
import dev.cairn.common.RawPaths;
import dev.cairn.common.message.ScannerMessages.ListTree;
import dev.cairn.common.message.ScannerMessages.ListedEntry;
import dev.cairn.common.message.ScannerMessages.Listing;
import dev.cairn.common.tree.Node;
import io.vertx.core.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * SnapshotListing lists a snapshot's entries at and below a path, depth first, in name order.
 *
 * <p>The directories being listed are kept on a stack of its own, not the call stack, so a
 * snapshot of any depth is listed (see {@link AsyncLoop}).
 */
final class SnapshotListing {
  /** A directory being listed: its path and the entries not yet listed. */
  private record Open(byte[] path, Iterator<Node> children) {}

  private final ScannerStore store;
  private final List<ListedEntry> entries = new ArrayList<>();
  private final Deque<Open> open = new ArrayDeque<>();

  SnapshotListing(ScannerStore store) {
    this.store = store;
  }

  Future<Listing> run(ListTree request) {
    return store.find(request.snapshot()).compose(snapshot -> SnapshotPaths.locate(store, snapshot.tree(), request.path())
        .compose(start -> {
          if (start.node() != null) {
            entries.add(new ListedEntry(start.path(), start.node()));
          }
          return start.tree() == null ? Future.succeededFuture() : enter(start.tree(), start.path())
              .compose(v -> AsyncLoop.repeat(this::step));
        })
        .map(v -> new Listing(snapshot.id().hex(), entries)));
  }

  private Future<Boolean> enter(ChunkId tree, byte[] path) {
    return store.getTree(tree).map(children -> {
      open.push(new Open(path, children.iterator()));
      return true;
    });
  }

  /** Lists one entry of the innermost open directory, entering it if it is a directory. */
  private Future<Boolean> step() {
    Open dir = open.peek();
    if (dir == null) {
      return Future.succeededFuture(false);
    }
    if (!dir.children().hasNext()) {
      open.pop();
      return Future.succeededFuture(true);
    }
    Node child = dir.children().next();
    byte[] childPath = RawPaths.join(dir.path(), child.name());
    entries.add(new ListedEntry(childPath, child));
    return child.kind() == Node.Kind.DIRECTORY ? enter(child.subtree(), childPath) : Future.succeededFuture(true);
  }
}
