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
import java.util.List;
import java.util.Map;

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
  /** What was found under each tree already examined. */
  private final Map<ChunkId, List<Damage>> treeDamage = new HashMap<>();
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
    for (ChunkId id : snapshotIds) {
      Snapshot snapshot;
      try {
        snapshot = snapshots.read(id);
      } catch (RepositoryException e) {
        problems.add(e.getMessage());
        continue;
      }
      problemsUnder(snapshot.tree()).forEach(p -> problems.add("snapshot " + id.shortHex() + ": " + p));
    }
    return new CheckReport(snapshotIds.size(), packs.size(), blobs, bytesRead, problems);
  }

  /** Names every path under root tree {@code tree} that cannot be read whole, with why; reads no data. */
  List<String> problemsUnder(ChunkId tree) {
    return damageUnder(tree, BlobType.TREE).stream()
        .map(d -> RawPaths.printable(RawPaths.join(new byte[0], d.path())) + ": " + d.problem()).toList();
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
    String layout = packLayoutProblem(pack, content);
    if (layout != null) {
      problems.add("pack " + pack.hex() + " is damaged: " + layout);
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

  /** Says what is wrong with a pack's trailer and layout, or {@code null} if nothing is. */
  private String packLayoutProblem(ChunkId pack, byte[] content) {
    List<PackEntry> stored;
    try {
      stored = PackFormat.entries(content);
    } catch (IllegalArgumentException e) {
      return "its trailer cannot be read (" + e.getMessage() + ")";
    }
    if (!hash.hash(PackFormat.trailerOf(content, stored)).equals(pack)) {
      return "its trailer does not match its name";
    }
    return PackFormat.tiles(content, stored) ? null : "its blobs do not cover its content exactly";
  }

  /** What is wrong under one tree: a path relative to it, and the problem. */
  private record Damage(byte[] path, String problem) {
    Damage under(byte[] name) {
      return new Damage(path.length == 0 ? name : RawPaths.join(name, path), problem);
    }
  }

  /**
   * Returns every damage under tree {@code treeId}, each tree examined once however many snapshots
   * share it, so that every snapshot a damage touches is named without reading shared trees again.
   */
  private List<Damage> damageUnder(ChunkId treeId, BlobType type) {
    List<Damage> known = treeDamage.get(treeId);
    if (known != null) {
      return known;
    }
    List<Damage> found = new ArrayList<>();
    String missing = missing(treeId, type);
    if (missing != null) {
      found.add(new Damage(new byte[0], missing));
    } else {
      try {
        for (Node node : readTree(treeId)) {
          switch (node.kind()) {
            case DIRECTORY -> damageUnder(node.subtree(), BlobType.TREE).forEach(d -> found.add(d.under(node.name())));
            case FILE -> node.chunks().stream().map(c -> missing(c, BlobType.DATA)).filter(m -> m != null).distinct()
                .forEach(m -> found.add(new Damage(node.name(), m)));
            case SYMLINK -> { }
          }
        }
      } catch (IOException | IllegalArgumentException e) {
        found.add(new Damage(new byte[0], "tree " + treeId.shortHex() + " cannot be read: " + e.getMessage()));
      }
    }
    List<Damage> result = found.isEmpty() ? List.of() : List.copyOf(found);
    treeDamage.put(treeId, result);
    return result;
  }

  private List<Node> readTree(ChunkId treeId) throws IOException {
    ChunkIndex.Location at = index.locate(treeId);
    ByteBuffer data = ByteBuffer.allocate(at.entry().length());
    storage.read(PackFormat.fileName(at.pack()), at.entry().offset(), data);
    if (!hash.hash(data.flip()).equals(treeId)) {
      throw new IllegalArgumentException("it is damaged in pack " + at.pack().shortHex());
    }
    return TreeCodec.decode(data.array());
  }

  /** Says why blob {@code id} cannot be read, or {@code null} if it can. */
  private String missing(ChunkId id, BlobType type) {
    String bad = badBlobs.get(id);
    if (bad != null) {
      return type.name().toLowerCase() + " blob " + id.shortHex() + " " + bad;
    }
    return index.contains(id) ? null : type.name().toLowerCase() + " blob " + id.shortHex() + " is not in the index";
  }
}
