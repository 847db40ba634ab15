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
  /** What was found under each tree already examined. */
  private final Map<ChunkId, List<Damage>> treeDamage = new HashMap<>();
  /** Blobs held by packs no index names, with their pack; found the first time a blob is missing. */
  private Map<ChunkId, ChunkId> unindexedBlobs;
  /** Packs no index names that were reported as holding blobs snapshots need. */
  private final Set<ChunkId> unindexedNeeded = new HashSet<>();
  private long blobs;
  private long bytesRead;

  RepositoryCheck(Storage storage, ContentHash hash, ChunkIndex index, SnapshotFiles snapshots) {
    this.storage = storage;
    this.hash = hash;
    this.index = index;
    this.snapshots = snapshots;
  }

  /** Checks the structure and, with {@code readData}, the content of the packs {@code sample} chooses with {@code seed}. */
  CheckReport run(boolean readData, PackSample sample, long seed) {
    List<ChunkId> packs = index.packs();
    Set<ChunkId> toRead = readData ? new HashSet<>(sample.choose(packs, seed)) : Set.of();
    Map<ChunkId, List<PackEntry>> byPack = new HashMap<>();
    index.forEach(at -> byPack.computeIfAbsent(at.pack(), p -> new ArrayList<>()).add(at.entry()));
    blobs = index.size();
    for (ChunkId pack : packs) {
      List<PackEntry> entries = byPack.getOrDefault(pack, List.of());
      if (!storage.exists(PackFormat.fileName(pack))) {
        problems.add("pack " + pack.hex() + " is missing (" + entries.size() + " blobs lost)");
        entries.forEach(e -> badBlobs.put(e.id(), "lost with missing pack " + pack.shortHex()));
      } else if (toRead.contains(pack) || !longEnough(pack, entries)) {
        // A pack too short for what the index says it holds is read even in a quick check, so
        // that its report names exactly the blobs it lost.
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
    return new CheckReport(snapshotIds.size(), packs.size(), blobs, toRead.size(), bytesRead, problems);
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

  /** Whether a pack is at least as long as its indexed blobs and their trailer entries need. */
  private boolean longEnough(ChunkId pack, List<PackEntry> entries) {
    long end = entries.stream().mapToLong(e -> e.offset() + e.length()).max().orElse(0);
    try {
      return storage.size(PackFormat.fileName(pack))
          >= end + (long) entries.size() * PackEntry.ENCODED_LENGTH + PackFormat.FOOTER_LENGTH;
    } catch (IOException e) {
      return false;
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
    if (index.contains(id)) {
      return null;
    }
    String missing = type.name().toLowerCase() + " blob " + id.shortHex() + " is not in the index";
    ChunkId holder = unindexedBlobs().get(id);
    if (holder == null) {
      return missing;
    }
    if (unindexedNeeded.add(holder)) {
      problems.add("pack " + holder.hex() + " is named by no index, yet snapshots need blobs it holds (an index file is missing)");
    }
    return missing + " (pack " + holder.shortHex() + " holds it)";
  }

  /**
   * Maps each blob of a pack that no index names to that pack, from the packs' trailers. A crash
   * leaves such packs, harmless and invisible; they matter only when a snapshot needs their blobs.
   */
  private Map<ChunkId, ChunkId> unindexedBlobs() {
    if (unindexedBlobs != null) {
      return unindexedBlobs;
    }
    unindexedBlobs = new HashMap<>();
    Set<ChunkId> indexed = new HashSet<>(index.packs());
    List<String> names;
    try {
      names = storage.list("packs");
    } catch (IOException e) {
      problems.add("the packs cannot be listed: " + e.getMessage());
      return unindexedBlobs;
    }
    for (String name : names) {
      String hex = name.substring(name.lastIndexOf('/') + 1);
      if (ChunkId.isHex(hex) && !indexed.contains(ChunkId.fromHex(hex))) {
        ChunkId pack = ChunkId.fromHex(hex);
        try {
          trailerEntries(name).forEach(e -> unindexedBlobs.putIfAbsent(e.id(), pack));
        } catch (IOException | RuntimeException e) {
          problems.add("pack " + hex + ", named by no index, cannot be read: " + e.getMessage());
        }
      }
    }
    return unindexedBlobs;
  }

  /** Reads the entries of a pack from its trailer alone. */
  private List<PackEntry> trailerEntries(String name) throws IOException {
    long size = storage.size(name);
    if (size < PackFormat.FOOTER_LENGTH) {
      throw new IllegalArgumentException(name + " is too short to be a pack");
    }
    ByteBuffer footer = ByteBuffer.allocate(PackFormat.FOOTER_LENGTH);
    storage.read(name, size - PackFormat.FOOTER_LENGTH, footer);
    int count = footer.getInt(0);
    long length = (long) count * PackEntry.ENCODED_LENGTH + PackFormat.FOOTER_LENGTH;
    if (count < 0 || length > size) {
      throw new IllegalArgumentException(name + " has a wrong trailer length");
    }
    ByteBuffer trailer = ByteBuffer.allocate((int) length);
    storage.read(name, size - length, trailer);
    trailer.flip();
    List<PackEntry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      entries.add(PackFormat.getEntry(trailer));
    }
    return entries;
  }
}
