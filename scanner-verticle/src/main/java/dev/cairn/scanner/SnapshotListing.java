package dev.cairn.scanner;

import dev.cairn.common.RawPaths;
import dev.cairn.common.message.ScannerMessages.ListTree;
import dev.cairn.common.message.ScannerMessages.ListedEntry;
import dev.cairn.common.message.ScannerMessages.Listing;
import dev.cairn.common.tree.Node;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;

/** SnapshotListing lists a snapshot's entries at and below a path, depth first, in name order. */
final class SnapshotListing {
  private final ScannerStore store;
  private final List<ListedEntry> entries = new ArrayList<>();

  SnapshotListing(ScannerStore store) {
    this.store = store;
  }

  Future<Listing> run(ListTree request) {
    return store.find(request.snapshot()).compose(snapshot -> SnapshotPaths.locate(store, snapshot.tree(), request.path())
        .compose(start -> {
          if (start.node() != null) {
            entries.add(new ListedEntry(start.path(), start.node()));
          }
          return start.tree() == null ? Future.succeededFuture() : listTree(start.tree(), start.path());
        })
        .map(v -> new Listing(snapshot.id().hex(), entries)));
  }

  private Future<Void> listTree(dev.cairn.common.ChunkId tree, byte[] path) {
    return store.getTree(tree).compose(children -> Loop.forEach(children, (Node child) -> {
      byte[] childPath = RawPaths.join(path, child.name());
      entries.add(new ListedEntry(childPath, child));
      return child.kind() == Node.Kind.DIRECTORY ? listTree(child.subtree(), childPath) : Future.succeededFuture();
    }));
  }
}
