package dev.cairn.store;

import dev.cairn.common.ChunkId;
import dev.cairn.common.RawPaths;
import dev.cairn.common.crypto.Damaged;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.message.StoreMessages.CheckReport;
import dev.cairn.common.tree.Node;
import dev.cairn.common.tree.TreeCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
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
  private final RepositoryFormat format;
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

  RepositoryCheck(Storage storage, RepositoryFormat format, ChunkIndex index, SnapshotFiles snapshots) {
    this.storage = storage;
    this.format = format;
    this.index = index;
    this.snapshots = snapshots;
  }

  /** Checks the structure and, with {@code readData}, the content of the packs {@code sample} chooses with {@code seed}. */
  CheckReport run(boolean readData, PackSample sample, long seed, List<String> indexDamage) {
    problems.addAll(indexDamage);
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
      content = BoundedRead.read(storage, PackFormat.fileName(pack), PackFormat.MAX_PACK_BYTES);
    } catch (IllegalArgumentException e) {
      problems.add("pack " + pack.hex() + " is damaged: " + e.getMessage());
      readEach(pack, entries);
      return;
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
          && format.intact(e, ByteBuffer.wrap(content, (int) e.offset(), e.length()));
      if (!intact) {
        problems.add("pack " + pack.hex() + ": " + e.type().name().toLowerCase() + " blob " + e.id().hex() + " is damaged");
        badBlobs.put(e.id(), "damaged in pack " + pack.shortHex());
      }
    }
  }

  /** Whether a pack is at least as long as its indexed blobs and their trailer entries need. */
  /** Reads and verifies each blob of a pack too large to read whole, one blob at a time. */
  private void readEach(ChunkId pack, List<PackEntry> entries) {
    for (PackEntry e : entries) {
      ByteBuffer data = ByteBuffer.allocate(e.length());
      boolean intact;
      try {
        storage.read(PackFormat.fileName(pack), e.offset(), data);
        bytesRead += e.length();
        intact = format.intact(e, data.flip());
      } catch (IOException ex) {
        intact = false;
      }
      if (!intact) {
        problems.add("pack " + pack.hex() + ": " + e.type().name().toLowerCase() + " blob " + e.id().hex() + " is damaged");
        badBlobs.put(e.id(), "damaged in pack " + pack.shortHex());
      }
    }
  }

  private boolean longEnough(ChunkId pack, List<PackEntry> entries) {
    long end = entries.stream().mapToLong(e -> e.offset() + e.length()).max().orElse(0);
    try {
      return storage.size(PackFormat.fileName(pack))
          >= end + (long) entries.size() * format.entryLength() + PackFormat.FOOTER_LENGTH;
    } catch (IOException e) {
      return false;
    }
  }

  /** Says what is wrong with a pack's trailer and layout, or {@code null} if nothing is. */
  private String packLayoutProblem(ChunkId pack, byte[] content) {
    PackFormat.Trailer trailer;
    try {
      trailer = PackFormat.trailer(format, pack, content);
    } catch (IllegalArgumentException e) {
      return e.getMessage().startsWith("its trailer does not match") ? e.getMessage()
          : "its trailer cannot be read (" + e.getMessage() + ")";
    }
    return trailer.tiles() ? null : "its blobs do not cover its content exactly";
  }

  /** What is wrong under one tree: a path relative to it, and the problem. */
  private record Damage(byte[] path, String problem) {
    Damage under(byte[] name) {
      return new Damage(path.length == 0 ? name : RawPaths.join(name, path), problem);
    }
  }

  /** A tree being examined: the entries not yet seen, what was found so far, and the directory entered last. */
  private static final class Examined {
    final ChunkId id;
    final List<Damage> found = new ArrayList<>();
    Iterator<Node> nodes = Collections.emptyIterator();
    Node entered;

    Examined(ChunkId id) {
      this.id = id;
    }
  }

  /**
   * Returns every damage under tree {@code treeId}, each tree examined once however many snapshots
   * share it, so that every snapshot a damage touches is named without reading shared trees again.
   * The trees being examined are kept on a stack of its own, so a tree of any depth is checked.
   */
  private List<Damage> damageUnder(ChunkId treeId, BlobType type) {
    List<Damage> known = treeDamage.get(treeId);
    if (known != null) {
      return known;
    }
    Deque<Examined> open = new ArrayDeque<>();
    open.push(examine(treeId, type));
    while (true) {
      Examined top = open.peek();
      if (top.nodes.hasNext()) {
        Node node = top.nodes.next();
        switch (node.kind()) {
          case DIRECTORY -> {
            List<Damage> seen = treeDamage.get(node.subtree());
            if (seen == null) {
              top.entered = node;
              open.push(examine(node.subtree(), BlobType.TREE));
            } else {
              seen.forEach(d -> top.found.add(d.under(node.name())));
            }
          }
          case FILE -> node.chunks().stream().map(c -> missing(c, BlobType.DATA)).filter(m -> m != null).distinct()
              .forEach(m -> top.found.add(new Damage(node.name(), m)));
          case SYMLINK -> { }
        }
        continue;
      }
      open.pop();
      List<Damage> result = top.found.isEmpty() ? List.of() : List.copyOf(top.found);
      treeDamage.put(top.id, result);
      Examined parent = open.peek();
      if (parent == null) {
        return result;
      }
      result.forEach(d -> parent.found.add(d.under(parent.entered.name())));
    }
  }

  /** Starts examining one tree: it is missing, cannot be read, or its entries are to be seen. */
  private Examined examine(ChunkId treeId, BlobType type) {
    Examined tree = new Examined(treeId);
    String missing = missing(treeId, type);
    if (missing != null) {
      tree.found.add(new Damage(new byte[0], missing));
      return tree;
    }
    try {
      tree.nodes = readTree(treeId).iterator();
    } catch (IOException | IllegalArgumentException e) {
      tree.found.add(new Damage(new byte[0], "tree " + treeId.shortHex() + " cannot be read: " + e.getMessage()));
    }
    return tree;
  }

  private List<Node> readTree(ChunkId treeId) throws IOException {
    ChunkIndex.Location at = index.locate(treeId);
    ByteBuffer stored = ByteBuffer.allocate(at.entry().length());
    storage.read(PackFormat.fileName(at.pack()), at.entry().offset(), stored);
    ByteBuffer content = format.encrypted() ? ByteBuffer.allocate(at.entry().rawLength()) : stored;
    try {
      format.content(BlobType.TREE, treeId, stored.flip(), content);
    } catch (Damaged e) {
      throw new IllegalArgumentException("it is damaged in pack " + at.pack().shortHex());
    }
    return TreeCodec.decode(content.array());
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
          PackFormat.readTrailer(storage, name, format).forEach(e -> unindexedBlobs.putIfAbsent(e.id(), pack));
        } catch (IOException | RuntimeException e) {
          problems.add("pack " + hex + ", named by no index, cannot be read: " + e.getMessage());
        }
      }
    }
    return unindexedBlobs;
  }
}
