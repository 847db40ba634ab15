package dev.cairn.store;

import dev.cairn.common.ChunkId;
import dev.cairn.common.message.BlobType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * PackWriter appends blobs to one new pack file and seals it under the hash of its trailer.
 *
 * <p>Until {@link #seal} returns, the pack has no name and no index mentions it: a crash leaves
 * only a temporary file behind.
 */
final class PackWriter implements AutoCloseable {
  private final Storage.NewFile file;
  private final RepositoryFormat format;
  private final List<PackEntry> entries = new ArrayList<>();

  PackWriter(Storage storage, RepositoryFormat format) throws IOException {
    this.file = storage.create();
    this.format = format;
  }

  /**
   * Appends a blob's stored form, the remaining bytes of {@code data}, which hold {@code rawLength}
   * bytes of content, and returns where it lies in this pack.
   */
  PackEntry add(BlobType type, ChunkId id, ByteBuffer data, int rawLength) throws IOException {
    PackEntry entry = new PackEntry(type, id, file.size(), data.remaining(), rawLength);
    file.write(data.duplicate());
    entries.add(entry);
    return entry;
  }

  /** Reads back a blob written to this pack before it is sealed. */
  void read(PackEntry entry, ByteBuffer dst) throws IOException {
    file.read(entry.offset(), dst);
  }

  /** The bytes written so far. */
  long size() {
    return file.size();
  }

  /** Reports whether the pack should be sealed: it reached its target size or its most blobs. */
  boolean full() {
    return file.size() >= OpenPacks.PACK_TARGET_SIZE || entries.size() >= PackFormat.MAX_ENTRIES;
  }

  boolean isEmpty() {
    return entries.isEmpty();
  }

  /** Writes the trailer, makes the pack durable under its name, and returns its id and entries. */
  SealedPack seal() throws IOException {
    ByteBuffer trailer = PackFormat.trailer(format, entries);
    ChunkId id = format.name(trailer);
    file.write(trailer);
    file.commit(PackFormat.fileName(id));
    return new SealedPack(id, List.copyOf(entries));
  }

  @Override
  public void close() throws IOException {
    file.close();
  }

  /** A pack made durable under its name, with the blobs it holds. */
  record SealedPack(ChunkId id, List<PackEntry> entries) {}
}
