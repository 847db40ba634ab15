package dev.cairn.store;

import dev.cairn.common.ChunkId;
import dev.cairn.common.ContentHash;
import dev.cairn.common.RawPaths;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.message.StoreMessages.CheckReport;
import dev.cairn.common.tree.Node;
import dev.cairn.common.tree.TreeCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RepositoryCheck verifies a repository: every pack the index names exists, every snapshot is
 * intact and every tree and chunk it needs is indexed; with data reading, every pack's content
 * matches its name and every blob its id.
 *
 * <p>Each problem names what it concerns: the pack, the blob, and the snapshot and file path that
 * need it, so a user knows what a damage costs.
 */
final class RepositoryCheck {
  private final Storage storage;
  private final ContentHash hash;
  private final ChunkIndex index;
  private final SnapshotFiles snapshots;
  private final List<String> problems = new ArrayList<>();
  /** Blobs found missing or damaged, with what is wrong. */
  private final Map<ChunkId, String> badBlobs = new HashMap<>();
  private long blobs;
  private long bytesRead;

  RepositoryCheck(Storage storage, ContentHash hash, ChunkIndex index, SnapshotFiles snapshots) {
    this.storage = storage;
    this.hash = hash;
    this.index = index;
    this.snapshots = snapshots;
  }

  CheckReport run(boolean readData) {
    List<ChunkId> packs = index.packs();
    Map<ChunkId, List<PackEntry>> byPack = new HashMap<>();
    index.forEach(at -> byPack.computeIfAbsent(at.pack(), p -> new ArrayList<>()).add(at.entry()));
    blobs = index.size();
    for (ChunkId pack : packs) {
      List<PackEntry> entries = byPack.getOrDefault(pack, List.of());
      if (!storage.exists(PackFormat.fileName(pack))) {
        problems.add("pack " + pack.hex() + " is missing (" + entries.size() + " blobs lost)");
        entries.forEach(e -> badBlobs.put(e.id(), "lost with missing pack " + pack.shortHex()));
      } else if (readData) {
        readPack(pack, entries);
      }
    }
    List<ChunkId> snapshotIds = snapshots.ids();
    Set<ChunkId> seenTrees = new HashSet<>();
    for (ChunkId id : snapshotIds) {
      Snapshot snapshot;
      try {
        snapshot = snapshots.read(id);
      } catch (RepositoryException e) {
        problems.add(e.getMessage());
        continue;
      }
      walk(snapshot, snapshot.tree(), new byte[] {'/'}, seenTrees);
    }
    return new CheckReport(snapshotIds.size(), packs.size(), blobs, bytesRead, problems);
  }

  private void readPack(ChunkId pack, List<PackEntry> entries) {
    byte[] content;
    try {
      content = storage.read(PackFormat.fileName(pack));
    } catch (IOException e) {
      problems.add("pack " + pack.hex() + " cannot be read: " + e.getMessage());
      entries.forEach(en -> badBlobs.put(en.id(), "in unreadable pack " + pack.shortHex()));
      return;
    }
    bytesRead += content.length;
    if (!hash.hash(content).equals(pack)) {
      problems.add("pack " + pack.hex() + " is damaged: its content does not match its name");
    }
    for (PackEntry e : entries) {
      boolean intact = e.offset() + e.length() <= content.length
          && hash.hash(content, (int) e.offset(), e.length()).equals(e.id());
      if (!intact) {
        problems.add("pack " + pack.hex() + ": " + e.type().name().toLowerCase() + " blob " + e.id().hex() + " is damaged");
        badBlobs.put(e.id(), "damaged in pack " + pack.shortHex());
      }
    }
  }

  private void walk(Snapshot snapshot, ChunkId treeId, byte[] path, Set<ChunkId> seenTrees) {
    String where = "snapshot " + snapshot.id().shortHex() + ": " + RawPaths.printable(path);
    if (!reachable(treeId, BlobType.TREE, where)) {
      return;
    }
    if (!seenTrees.add(treeId)) {
      return;
    }
    List<Node> entries;
    try {
      ChunkIndex.Location at = index.locate(treeId);
      ByteBuffer data = ByteBuffer.allocate(at.entry().length());
      storage.read(PackFormat.fileName(at.pack()), at.entry().offset(), data);
      if (!hash.hash(data.flip()).equals(treeId)) {
        problems.add(where + ": tree " + treeId.shortHex() + " is damaged in pack " + at.pack().shortHex());
        return;
      }
      entries = TreeCodec.decode(data.array());
    } catch (IOException | IllegalArgumentException e) {
      problems.add(where + ": tree " + treeId.shortHex() + " cannot be read: " + e.getMessage());
      return;
    }
    for (Node node : entries) {
      byte[] child = RawPaths.join(path, node.name());
      switch (node.kind()) {
        case DIRECTORY -> walk(snapshot, node.subtree(), child, seenTrees);
        case FILE -> node.chunks().forEach(c ->
            reachable(c, BlobType.DATA, "snapshot " + snapshot.id().shortHex() + ": " + RawPaths.printable(child)));
        case SYMLINK -> { }
      }
    }
  }

  private boolean reachable(ChunkId id, BlobType type, String where) {
    String bad = badBlobs.get(id);
    if (bad != null) {
      problems.add(where + ": " + type.name().toLowerCase() + " blob " + id.shortHex() + " " + bad);
      return false;
    }
    if (!index.contains(id)) {
      problems.add(where + ": " + type.name().toLowerCase() + " blob " + id.shortHex() + " is not in the index");
      return false;
    }
    return true;
  }
}
