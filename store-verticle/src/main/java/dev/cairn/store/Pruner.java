package dev.cairn.store;

import dev.cairn.common.ChunkId;
import dev.cairn.common.Failures;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.MaintenanceMessages.PackUse;
import dev.cairn.common.message.MaintenanceMessages.PruneReport;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.tree.Node;
import dev.cairn.common.tree.TreeCodec;
import dev.cairn.store.PackWriter.SealedPack;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pruner reclaims the space of blobs no snapshot needs. It <em>plans</em> by marking every blob
 * reachable from a snapshot and sorting packs: a pack with no live blob is removed, a pack whose
 * live blobs fill less than half of it is repacked, any other pack is kept untouched. It
 * <em>prunes</em> only while no job holds a lease (the store sees to that), in an order that leaves
 * a valid repository wherever it stops: repacked packs, then an index of every pack kept, then the
 * deletion of the old index files, and only then of the packs they named.
 */
final class Pruner {
  /** A pack whose live blobs fill less than this share of it is repacked. */
  static final double REPACK_BELOW = 0.5;

  private final Repository repository;

  Pruner(Repository repository) {
    this.repository = repository;
  }

  /** What a prune would do, decided from the snapshots {@code snapshots} and the blobs they need. */
  record Plan(Set<ChunkId> snapshots, Set<ChunkId> live, Map<ChunkId, List<PackEntry>> packs, List<PackUse> remove,
      List<PackUse> repack, long packBytes) {

    boolean changesNothing() {
      return remove.isEmpty() && repack.isEmpty();
    }

    /** The report of this plan: after a dry run, with the size the packs would have. */
    PruneReport report(boolean dryRun, long packBytesAfter) {
      return new PruneReport(snapshots.size(), packs.size(), packBytes, remove, repack, packBytesAfter, dryRun);
    }

    long estimatedBytesAfter() {
      long after = packBytes;
      for (PackUse p : remove) {
        after -= p.bytes();
      }
      for (PackUse p : repack) {
        after -= p.bytes() - p.liveBytes();
      }
      return after;
    }
  }

  /** Marks what every snapshot needs and decides what to remove and repack; changes nothing. */
  Plan plan() {
    Set<ChunkId> snapshots = new HashSet<>(repository.snapshotFiles().ids());
    return sortPacks(snapshots, mark(snapshots));
  }

  /**
   * Carries out {@code planned}, marking again if the snapshots changed since, and sorting the packs
   * again since backups may have added some. The caller must hold the repository exclusively.
   */
  PruneReport prune(Plan planned) {
    repository.requireWritable();
    repository.flush();
    Set<ChunkId> snapshots = new HashSet<>(repository.snapshotFiles().ids());
    Plan plan = sortPacks(snapshots, snapshots.equals(planned.snapshots()) ? planned.live() : mark(snapshots));
    if (plan.changesNothing()) {
      return plan.report(false, plan.packBytes());
    }
    try {
      Set<ChunkId> removed = new HashSet<>();
      plan.remove().forEach(p -> removed.add(p.pack()));
      Set<ChunkId> deletedFirst = PruneSpace.deleteFirst(repository, removed, plan.packs().keySet());
      if (!deletedFirst.isEmpty()) {
        // The store must not answer that it holds blobs of packs already gone.
        repository.replaceIndex(PruneSpace.without(plan.packs(), deletedFirst), deletedFirst);
      }
      List<PackUse> repacked = plan.repack();
      List<SealedPack> written = new ArrayList<>();
      if (!repackWithin(plan, written) && !(PruneSpace.releaseReserve(repository.storage())
          && repackWithin(plan, written))) {
        // No room to copy live blobs even in the reserve: the packs to repack are kept as they
        // are, and the packs to remove still go.
        repacked = List.of();
      }
      Set<ChunkId> gone = new HashSet<>(removed);
      repacked.forEach(p -> gone.add(p.pack()));
      List<SealedPack> kept = new ArrayList<>(written);
      plan.packs().forEach((pack, entries) -> {
        if (!gone.contains(pack)) {
          kept.add(new SealedPack(pack, entries));
        }
      });
      // A repacked pack may come out under the name of one being removed (same blobs, same
      // trailer): the new copy is kept, never deleted.
      written.forEach(p -> gone.remove(p.id()));
      String newIndex;
      try {
        newIndex = writeIndex(kept);
      } catch (IOException e) {
        if (!PruneSpace.noSpace(e) || !PruneSpace.releaseReserve(repository.storage())) {
          throw e;
        }
        newIndex = writeIndex(kept);
      }
      for (String name : repository.indexFiles()) {
        if (!name.equals(newIndex)) {
          repository.storage().delete(name);
        }
      }
      for (ChunkId pack : gone) {
        repository.storage().delete(PackFormat.fileName(pack));
      }
      repository.replaceIndex(kept, gone);
      PruneSpace.keepReserve(repository.storage());
      long after = 0;
      for (SealedPack p : kept) {
        after += repository.storage().size(PackFormat.fileName(p.id()));
      }
      return new PruneReport(plan.snapshots().size(), plan.packs().size(), plan.packBytes(), plan.remove(), repacked,
          after, false);
    } catch (IOException e) {
      throw Repository.storageFailure("prune stopped (the repository is still valid; run prune again)", e);
    }
  }

  /**
   * Repacks as {@link #repack} does; on a full disk, deletes the copies made so far (unless one is
   * a pack already there) and reports {@code false}.
   */
  private boolean repackWithin(Plan plan, List<SealedPack> written) throws IOException {
    try {
      repack(plan, written);
      return true;
    } catch (IOException e) {
      if (!PruneSpace.noSpace(e)) {
        throw e;
      }
      for (SealedPack copy : written) {
        if (!plan.packs().containsKey(copy.id())) {
          repository.storage().delete(PackFormat.fileName(copy.id()));
        }
      }
      written.clear();
      return false;
    }
  }

  /** Every blob reachable from {@code snapshots}: their trees and the chunks of their files. */
  private Set<ChunkId> mark(Set<ChunkId> snapshots) {
    Set<ChunkId> live = new HashSet<>();
    Deque<ChunkId> trees = new ArrayDeque<>();
    for (ChunkId id : snapshots) {
      trees.push(readable(id).tree());
    }
    try {
      while (!trees.isEmpty()) {
        ChunkId tree = trees.pop();
        if (!live.add(tree)) {
          continue;
        }
        for (Node node : TreeCodec.decode(repository.get(BlobType.TREE, tree).bytes())) {
          switch (node.kind()) {
            case DIRECTORY -> trees.push(node.subtree());
            case FILE -> live.addAll(node.chunks());
            case SYMLINK -> { }
          }
        }
      }
    } catch (RepositoryException | IllegalArgumentException e) {
      throw new RepositoryException(Failures.CORRUPT, "prune deleted nothing: " + e.getMessage()
          + "; run check to see what is damaged", e);
    }
    return live;
  }

  /**
   * Reads snapshot {@code id}, or refuses the prune: the blobs a snapshot file that cannot be read
   * needs are unknown, and taking them for unreferenced would delete what it may still need.
   */
  private Snapshot readable(ChunkId id) {
    try {
      return repository.snapshotFiles().read(id);
    } catch (RepositoryException e) {
      throw new RepositoryException(e.code(), "prune deleted nothing: " + e.getMessage() + ", so what it needs is "
          + "unknown; remove or repair " + SnapshotFiles.FOLDER + id.hex() + ", then run prune again", e);
    }
  }

  /** Sorts the indexed packs, and packs on disk no index names (left by a crash), by how much of them is live. */
  private Plan sortPacks(Set<ChunkId> snapshots, Set<ChunkId> live) {
    Map<ChunkId, List<PackEntry>> packs = new LinkedHashMap<>();
    repository.chunkIndex().packs().forEach(p -> packs.put(p, new ArrayList<>()));
    repository.chunkIndex().forEach(at -> packs.get(at.pack()).add(at.entry()));
    packs.values().forEach(entries -> entries.sort(Comparator.comparingLong(PackEntry::offset)));
    Set<ChunkId> present = new HashSet<>();
    for (ChunkId id : live) {
      if (repository.chunkIndex().contains(id)) {
        present.add(id);
      } else {
        throw new RepositoryException(Failures.CORRUPT, "prune deleted nothing: a snapshot needs blob " + id.shortHex()
            + ", which the repository lacks; run check to see what is damaged");
      }
    }
    List<PackUse> remove = new ArrayList<>();
    List<PackUse> repack = new ArrayList<>();
    long packBytes = 0;
    try {
      for (Map.Entry<ChunkId, List<PackEntry>> pack : packs.entrySet()) {
        long bytes = repository.storage().size(PackFormat.fileName(pack.getKey()));
        long blobBytes = 0;
        long liveBytes = 0;
        for (PackEntry e : pack.getValue()) {
          blobBytes += e.length();
          liveBytes += present.contains(e.id()) ? e.length() : 0;
        }
        packBytes += bytes;
        if (liveBytes == 0) {
          remove.add(new PackUse(pack.getKey(), bytes, 0));
        } else if (liveBytes < REPACK_BELOW * blobBytes) {
          repack.add(new PackUse(pack.getKey(), bytes, liveBytes));
        }
      }
      for (ChunkId orphan : packsNoIndexNames()) {
        long bytes = repository.storage().size(PackFormat.fileName(orphan));
        packBytes += bytes;
        remove.add(new PackUse(orphan, bytes, 0));
      }
    } catch (IOException e) {
      throw Repository.storageFailure("prune cannot size the packs", e);
    }
    return new Plan(snapshots, live, packs, remove, repack, packBytes);
  }

  /** Packs on disk that no index names and the store is not about to index: what a crash left. */
  private List<ChunkId> packsNoIndexNames() throws IOException {
    Set<ChunkId> known = new HashSet<>(repository.chunkIndex().packs());
    known.addAll(repository.unindexedPacks());
    List<ChunkId> orphans = new ArrayList<>();
    for (String name : repository.storage().list(PackFormat.FOLDER)) {
      String hex = name.substring(name.lastIndexOf('/') + 1);
      if (ChunkId.isHex(hex) && !known.contains(ChunkId.fromHex(hex))) {
        orphans.add(ChunkId.fromHex(hex));
      }
    }
    return orphans;
  }

  /** Copies the live blobs of the packs to repack into new packs, verifying each as it is read; adds each new pack to {@code written}. */
  private void repack(Plan plan, List<SealedPack> written) throws IOException {
    PackWriter writer = null;
    try {
      for (PackUse use : plan.repack()) {
        for (PackEntry e : plan.packs().get(use.pack())) {
          if (!plan.live().contains(e.id())) {
            continue;
          }
          Repository.Located at = repository.locate(e.type(), e.id());
          ByteBuffer stored = repository.readStored(at);
          if (writer == null) {
            writer = new PackWriter(repository.storage(), repository.format());
          }
          writer.add(at.type(), at.id(), stored, at.rawLength());
          if (writer.full()) {
            written.add(writer.seal());
            writer.close();
            writer = null;
          }
        }
      }
      if (writer != null && !writer.isEmpty()) {
        written.add(writer.seal());
      }
    } finally {
      if (writer != null) {
        writer.close();
      }
    }
  }

  /** Writes one index naming {@code packs} and returns its name. */
  private String writeIndex(List<SealedPack> packs) throws IOException {
    byte[] content = IndexFile.encode(repository.format(), packs);
    String name = IndexFile.fileName(repository.format().name(content));
    Repository.writeFile(repository.storage(), name, content);
    return name;
  }
}
