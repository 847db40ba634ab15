package dev.cairn.store;

import dev.cairn.common.ChunkId;
import dev.cairn.common.message.StoreMessages.StoredBlob;
import dev.cairn.store.PackWriter.SealedPack;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * OpenPacks writes a repository's new blobs: into the pack being filled, which is sealed once
 * full, then into an index file naming the sealed packs, always in that order, so that an index
 * never names a pack that is not durable.
 *
 * <p>Not thread-safe: it belongs to the repository's writing thread.
 */
final class OpenPacks {
  /** Packs are sealed once they reach this size (they exceed it by at most one blob). */
  static final long PACK_TARGET_SIZE = 16L << 20;
  /** Sealed packs get an index once they hold this many blobs, not only at commit, so memory stays flat. */
  static final int INDEX_ENTRIES = 100_000;

  private final Storage storage;
  private final RepositoryFormat format;
  private final Map<ChunkId, PackEntry> inOpenPack = new HashMap<>();
  private final List<SealedPack> unindexed = new ArrayList<>();
  private int unindexedEntries;
  private PackWriter openPack;
  /**
   * Set once an open pack could not be written: blobs acknowledged before the failure are gone,
   * so from then on a snapshot is committed only if everything it needs is still held.
   */
  private boolean packLost;

  OpenPacks(Storage storage, RepositoryFormat format) {
    this.storage = storage;
    this.format = format;
  }

  /** Reports whether {@code id} lies in the pack being filled. */
  boolean holds(ChunkId id) {
    return inOpenPack.containsKey(id);
  }

  /** Appends a blob to the pack being filled; a full pack is sealed and joins {@code index}. */
  void add(StoredBlob blob, ChunkIndex index) throws IOException {
    try {
      if (openPack == null) {
        openPack = new PackWriter(storage, format);
      }
      inOpenPack.put(blob.id(), openPack.add(blob.type(), blob.id(), blob.stored(), blob.contentLength()));
      if (openPack.full()) {
        seal(index);
      }
    } catch (IOException e) {
      abandon(e);
      throw e;
    }
  }

  /** The entry of {@code id} in the pack being filled, or {@code null}. */
  PackEntry pending(ChunkId id) {
    return inOpenPack.get(id);
  }

  /** Reads the stored form of a blob of the pack being filled. */
  ByteBuffer read(PackEntry entry) throws IOException {
    ByteBuffer data = ByteBuffer.allocate(entry.length());
    openPack.read(entry, data);
    return data.flip();
  }

  /** Seals the pack being filled, if it holds anything, and adds it to {@code index}. */
  void seal(ChunkIndex index) throws IOException {
    if (openPack == null) {
      return;
    }
    PackWriter writer = openPack;
    try {
      if (!writer.isEmpty()) {
        SealedPack sealed = writer.seal();
        index.addPack(sealed.id(), sealed.entries());
        unindexed.add(sealed);
        unindexedEntries += sealed.entries().size();
      }
    } catch (IOException e) {
      abandon(e);
      throw e;
    }
    openPack = null;
    inOpenPack.clear();
    writer.close();
    if (unindexedEntries >= INDEX_ENTRIES) {
      // The entries of packs waiting for an index grow with the blobs of a backup (a million small
      // files make a million); written now, they leave the heap.
      writeIndex();
    }
  }

  /** Writes an index for the sealed packs not yet in one, and forgets their entries. */
  void writeIndex() throws IOException {
    if (!unindexed.isEmpty()) {
      byte[] content = IndexFile.encode(format, unindexed);
      Repository.writeFile(storage, IndexFile.fileName(format.name(content)), content);
      unindexed.clear();
      unindexedEntries = 0;
    }
  }

  /** Reports whether a pack was lost with blobs acknowledged in it (see {@link #abandon}). */
  boolean lost() {
    return packLost;
  }

  /** The packs sealed and not yet named by an index. */
  Set<ChunkId> unindexedPacks() {
    Set<ChunkId> ids = new HashSet<>();
    unindexed.forEach(p -> ids.add(p.id()));
    return ids;
  }

  /** Calls {@code action} with each entry of the pack being filled. */
  void forEachPending(Consumer<PackEntry> action) {
    inOpenPack.values().forEach(action);
  }

  /** Reports whether a pack is being filled and holds a blob. */
  boolean filling() {
    return openPack != null && !openPack.isEmpty();
  }

  /**
   * Drops the pack being filled after a write to it failed: what it held is no longer reported as
   * held, so it is sent again, and its temporary file is deleted.
   */
  private void abandon(IOException cause) {
    if (openPack == null) {
      return;
    }
    packLost |= !inOpenPack.isEmpty();
    PackWriter writer = openPack;
    openPack = null;
    inOpenPack.clear();
    try {
      writer.close();
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
  }
}
