package dev.cairn.store;

import dev.cairn.common.ChunkId;
import dev.cairn.common.message.BlobType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * ChunkIndex maps every blob id the repository holds to its place in a pack.
 *
 * <p>It is an open-addressing table over primitive arrays (about 65 bytes a blob, no object per
 * blob), so millions of chunks fit in a small heap. Ids are uniformly random, so their first bytes
 * are the hash and linear probing stays short.
 */
final class ChunkIndex {
  private static final int EMPTY = 0;

  private final List<ChunkId> packs = new ArrayList<>();
  private final Set<ChunkId> packSet = new HashSet<>();
  private byte[] ids;
  private int[] packSlots;
  private long[] offsets;
  private int[] lengths;
  private int[] rawLengths;
  private byte[] types;
  private int size;

  ChunkIndex() {
    allocate(1024);
  }

  /** Where one blob lies: its pack and its entry in it. */
  record Location(ChunkId pack, PackEntry entry) {}

  /** The number of blobs. */
  int size() {
    return size;
  }

  /** The packs the index names, in the order they were added. */
  List<ChunkId> packs() {
    return List.copyOf(packs);
  }

  /** Makes room for {@code blobs} more blobs at once, so that loading a large index does not grow the table step by step. */
  void reserve(long blobs) {
    long needed = (size + blobs) * 4 / 3 + 1;
    if (needed <= packSlots.length) {
      return;
    }
    int capacity = Integer.highestOneBit((int) Math.min(needed, 1 << 30) - 1) << 1;
    rehash(capacity);
  }

  /**
   * Adds every entry of a pack; entries already indexed elsewhere are kept where they were, and a
   * pack already added is not added again.
   */
  void addPack(ChunkId pack, List<PackEntry> entries) {
    if (!packSet.add(pack)) {
      return;
    }
    packs.add(pack);
    int slot = packs.size();
    for (PackEntry e : entries) {
      add(slot, e);
    }
  }

  boolean contains(ChunkId id) {
    return find(id) >= 0;
  }

  /** Returns where {@code id} lies, or {@code null}. */
  Location locate(ChunkId id) {
    int i = find(id);
    if (i < 0) {
      return null;
    }
    return new Location(packs.get(packSlots[i] - 1), new PackEntry(BlobType.of(types[i]), id, offsets[i], lengths[i], rawLengths[i]));
  }

  /** Calls {@code action} with every blob's location. */
  void forEach(Consumer<Location> action) {
    for (int i = 0; i < packSlots.length; i++) {
      if (packSlots[i] != EMPTY) {
        action.accept(new Location(packs.get(packSlots[i] - 1),
            new PackEntry(BlobType.of(types[i]), ChunkId.of(ids, i * ChunkId.LENGTH), offsets[i], lengths[i],
                rawLengths[i])));
      }
    }
  }

  private void add(int packSlot, PackEntry e) {
    if ((size + 1) * 4L > packSlots.length * 3L) {
      grow();
    }
    int mask = packSlots.length - 1;
    int i = e.id().hashCode() & mask;
    while (packSlots[i] != EMPTY) {
      if (e.id().equalsAt(ids, i * ChunkId.LENGTH)) {
        return;
      }
      i = (i + 1) & mask;
    }
    e.id().copyTo(ids, i * ChunkId.LENGTH);
    packSlots[i] = packSlot;
    offsets[i] = e.offset();
    lengths[i] = e.length();
    rawLengths[i] = e.rawLength();
    types[i] = (byte) e.type().ordinal();
    size++;
  }

  private int find(ChunkId id) {
    int mask = packSlots.length - 1;
    int i = id.hashCode() & mask;
    while (packSlots[i] != EMPTY) {
      if (id.equalsAt(ids, i * ChunkId.LENGTH)) {
        return i;
      }
      i = (i + 1) & mask;
    }
    return -1;
  }

  private void grow() {
    rehash(packSlots.length * 2);
  }

  private void rehash(int capacity) {
    byte[] oldIds = ids;
    int[] oldSlots = packSlots;
    long[] oldOffsets = offsets;
    int[] oldLengths = lengths;
    int[] oldRawLengths = rawLengths;
    byte[] oldTypes = types;
    allocate(capacity);
    size = 0;
    for (int i = 0; i < oldSlots.length; i++) {
      if (oldSlots[i] != EMPTY) {
        add(oldSlots[i], new PackEntry(BlobType.of(oldTypes[i]), ChunkId.of(oldIds, i * ChunkId.LENGTH),
            oldOffsets[i], oldLengths[i], oldRawLengths[i]));
      }
    }
  }

  private void allocate(int capacity) {
    ids = new byte[capacity * ChunkId.LENGTH];
    packSlots = new int[capacity];
    offsets = new long[capacity];
    lengths = new int[capacity];
    rawLengths = new int[capacity];
    types = new byte[capacity];
  }
}
