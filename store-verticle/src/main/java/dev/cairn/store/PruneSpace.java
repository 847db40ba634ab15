package dev.cairn.store;

import dev.cairn.common.ChunkId;
import dev.cairn.store.PackWriter.SealedPack;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * PruneSpace lets a prune run on a full disk: it deletes first what is safe to delete before
 * anything is written, and keeps a small reserve file that the prune's own index may take.
 *
 * <p>Safe to delete first: a pack no index names (a crash left it), and an index file all of whose
 * packs the prune removes, followed by those packs. Wherever the prune stops after that, no index
 * names a pack that is gone, and what is left is what an interrupted backup leaves: packs no index
 * names, which the next prune removes.
 *
 * <p>The reserve, {@value #FILE}, is {@value #RESERVE_BYTES} bytes of zeros that a repository
 * keeps from its creation on. When the new index cannot be written for want of space, the reserve
 * is deleted and the write tried again; once the old packs are gone, the reserve is put back if
 * there is room. It holds an index of about 23,000 packs' worth of blobs; a larger index on a full
 * disk still fails, and says the disk is full.
 */
final class PruneSpace {
  static final String FILE = "reserve";
  static final int RESERVE_BYTES = 1 << 20;

  private PruneSpace() {}

  /** Reports whether {@code e} says the disk is full. */
  static boolean noSpace(IOException e) {
    return String.valueOf(e.getMessage()).contains("No space left on device");
  }

  /** Writes the reserve if it is missing and there is room for it; a full disk leaves it missing. */
  static void keepReserve(Storage storage) {
    if (storage.exists(FILE)) {
      return;
    }
    try (Storage.NewFile file = storage.create()) {
      file.write(ByteBuffer.allocate(RESERVE_BYTES));
      file.commit(FILE);
    } catch (IOException e) {
      // No room for it now: the next prune that frees space puts it back.
    }
  }

  /** Deletes the reserve; reports whether there was one to free. */
  static boolean releaseReserve(Storage storage) throws IOException {
    if (!storage.exists(FILE)) {
      return false;
    }
    storage.delete(FILE);
    return true;
  }

  /**
   * Deletes, before the prune writes anything, the packs of {@code removed} that no index names,
   * and each index file every pack of which is in {@code removed}, then those packs; returns the
   * packs deleted. A damaged index file is left for the prune's new index to replace.
   */
  static Set<ChunkId> deleteFirst(Repository repository, Set<ChunkId> removed, Set<ChunkId> indexed)
      throws IOException {
    Storage storage = repository.storage();
    Set<ChunkId> deleted = new HashSet<>();
    for (ChunkId pack : removed) {
      if (!indexed.contains(pack)) {
        storage.delete(PackFormat.fileName(pack));
        deleted.add(pack);
      }
    }
    for (String name : repository.indexFiles()) {
      List<SealedPack> packs;
      try {
        ChunkId id = ChunkId.fromHex(name.substring(IndexFile.FOLDER.length()));
        packs = IndexFile.decode(repository.format(), id, BoundedRead.read(storage, name, BoundedRead.INDEX_BYTES));
      } catch (IllegalArgumentException e) {
        continue;
      }
      if (packs.isEmpty() || !packs.stream().allMatch(p -> removed.contains(p.id()))) {
        continue;
      }
      storage.delete(name);
      for (SealedPack p : packs) {
        storage.delete(PackFormat.fileName(p.id()));
        deleted.add(p.id());
      }
    }
    return deleted;
  }

  /** The packs of {@code packs} not in {@code deleted}, as sealed packs for a new index. */
  static List<SealedPack> without(java.util.Map<ChunkId, List<PackEntry>> packs, Set<ChunkId> deleted) {
    List<SealedPack> left = new ArrayList<>();
    packs.forEach((pack, entries) -> {
      if (!deleted.contains(pack)) {
        left.add(new SealedPack(pack, entries));
      }
    });
    return left;
  }
}
