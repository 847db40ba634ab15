package dev.cairn.store;

import dev.cairn.common.ChunkId;
import dev.cairn.common.ContentHash;
import dev.cairn.common.message.BlobType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * PackFormat is the layout of a pack file: the blobs back to back, then a trailer that lists them,
 * then a footer.
 *
 * <pre>
 *   blob 0 bytes | blob 1 bytes | ... | entries (type u8, id 32 B, offset i64, length i32) |
 *   entry count i32 | magic "cairnpk1"
 * </pre>
 *
 * A pack describes itself, so an index can always be rebuilt from the packs alone.
 *
 * <p>A pack is named by the BLAKE3 of its trailer (entries and footer). The trailer lists the id of
 * every blob, and each id is the hash of that blob's bytes, so the name commits to the whole
 * content as a Merkle root does, at the cost of hashing a few kilobytes instead of the pack again.
 * Verifying a pack means: its trailer hashes to its name, its blobs tile the blob area exactly,
 * and each blob hashes to its id.
 */
final class PackFormat {
  static final byte[] MAGIC = "cairnpk1".getBytes(StandardCharsets.US_ASCII);
  static final int FOOTER_LENGTH = 4 + MAGIC.length;
  /**
   * No blob is longer: a chunk is at most the chunker's largest size (16 MiB, see
   * {@code ChunkerParams#MAX_CHUNK}), and a tree of more would list millions of entries. A length above this
   * in a trailer or an index is damage, refused before anything is allocated for it.
   */
  static final int MAX_BLOB_LENGTH = 128 << 20;
  /**
   * No pack lists more blobs: a pack is sealed at {@link Repository#PACK_TARGET_SIZE} or at this
   * many blobs, whichever comes first, so its trailer stays under 50 MiB.
   */
  static final int MAX_ENTRIES = 1 << 20;
  /** No pack is larger: its target size, one blob over it, and the largest trailer. */
  static final long MAX_PACK_BYTES = Repository.PACK_TARGET_SIZE + MAX_BLOB_LENGTH
      + (long) MAX_ENTRIES * PackEntry.ENCODED_LENGTH + FOOTER_LENGTH;

  private PackFormat() {}

  /** The folder of pack files. */
  static final String FOLDER = "packs/";

  /** The repository file name of pack {@code id}. */
  static String fileName(ChunkId id) {
    String hex = id.hex();
    return FOLDER + hex.substring(0, 2) + "/" + hex;
  }

  /** Encodes the trailer and footer for {@code entries}. */
  static ByteBuffer trailer(List<PackEntry> entries) {
    ByteBuffer out = ByteBuffer.allocate(entries.size() * PackEntry.ENCODED_LENGTH + FOOTER_LENGTH);
    for (PackEntry e : entries) {
      putEntry(out, e);
    }
    out.putInt(entries.size()).put(MAGIC);
    return out.flip();
  }

  static void putEntry(ByteBuffer out, PackEntry e) {
    byte[] id = new byte[ChunkId.LENGTH];
    e.id().copyTo(id, 0);
    out.put((byte) e.type().ordinal()).put(id).putLong(e.offset()).putInt(e.length());
  }

  /** Reads one entry, refusing a negative offset and a length below zero or above {@link #MAX_BLOB_LENGTH}. */
  static PackEntry getEntry(ByteBuffer in) {
    BlobType type = BlobType.of(in.get());
    byte[] id = new byte[ChunkId.LENGTH];
    in.get(id);
    long offset = in.getLong();
    int length = in.getInt();
    if (offset < 0 || length < 0 || length > MAX_BLOB_LENGTH) {
      throw new IllegalArgumentException("the entry of blob " + ChunkId.of(id).shortHex() + " claims " + length
          + " bytes at offset " + offset + " (a blob is 0 to " + MAX_BLOB_LENGTH + " bytes)");
    }
    return new PackEntry(type, ChunkId.of(id), offset, length);
  }

  /** Checks an entry count read from a footer or an index against {@link #MAX_ENTRIES}. */
  static int entryCount(int count) {
    if (count < 0 || count > MAX_ENTRIES) {
      throw new IllegalArgumentException("it claims " + count + " blobs in one pack (a pack holds 0 to "
          + MAX_ENTRIES + ")");
    }
    return count;
  }

  /**
   * Reads the entries of stored pack {@code name} from its trailer alone, checking the footer's
   * count against the limits and the file's size before reading the trailer.
   */
  static List<PackEntry> readTrailer(Storage storage, String name, ContentHash hash) throws IOException {
    long size = storage.size(name);
    if (size < FOOTER_LENGTH) {
      throw new IllegalArgumentException(name + " is too short to be a pack");
    }
    ByteBuffer footer = ByteBuffer.allocate(FOOTER_LENGTH);
    storage.read(name, size - FOOTER_LENGTH, footer);
    for (int i = 0; i < MAGIC.length; i++) {
      if (footer.get(4 + i) != MAGIC[i]) {
        throw new IllegalArgumentException(name + " has no pack footer");
      }
    }
    int count;
    try {
      count = entryCount(footer.getInt(0));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
    long length = (long) count * PackEntry.ENCODED_LENGTH + FOOTER_LENGTH;
    if (length > size) {
      throw new IllegalArgumentException(name + " has a wrong trailer length");
    }
    ByteBuffer trailer = ByteBuffer.allocate((int) length);
    storage.read(name, size - length, trailer);
    trailer.flip();
    String hex = name.substring(name.lastIndexOf('/') + 1);
    if (!ChunkId.isHex(hex) || !hash.hash(trailer.duplicate()).equals(ChunkId.fromHex(hex))) {
      throw new IllegalArgumentException(name + " does not match its name (its trailer is damaged)");
    }
    List<PackEntry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      entries.add(getEntry(trailer));
    }
    return entries;
  }

  /** The trailer of a whole pack: the bytes its name is the hash of. */
  static ByteBuffer trailerOf(byte[] pack, List<PackEntry> entries) {
    int length = entries.size() * PackEntry.ENCODED_LENGTH + FOOTER_LENGTH;
    return ByteBuffer.wrap(pack, pack.length - length, length);
  }

  /** Reports whether {@code entries}, in order, cover the blob area of {@code pack} exactly, with no gap or overlap. */
  static boolean tiles(byte[] pack, List<PackEntry> entries) {
    long next = 0;
    for (PackEntry e : entries) {
      if (e.offset() != next) {
        return false;
      }
      next += e.length();
    }
    return next == pack.length - trailerOf(pack, entries).remaining();
  }

  /** Reads the entries of a whole pack, checking that each lies within the blob area. */
  static List<PackEntry> entries(byte[] pack) {
    if (pack.length < FOOTER_LENGTH) {
      throw new IllegalArgumentException("too short to be a pack");
    }
    ByteBuffer in = ByteBuffer.wrap(pack);
    int count = entryCount(in.getInt(pack.length - FOOTER_LENGTH));
    for (int i = 0; i < MAGIC.length; i++) {
      if (pack[pack.length - MAGIC.length + i] != MAGIC[i]) {
        throw new IllegalArgumentException("no pack footer");
      }
    }
    long trailerStart = (long) pack.length - FOOTER_LENGTH - (long) count * PackEntry.ENCODED_LENGTH;
    if (count < 0 || trailerStart < 0) {
      throw new IllegalArgumentException("pack trailer length is wrong");
    }
    in.position((int) trailerStart);
    List<PackEntry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      PackEntry e = getEntry(in);
      if (e.offset() < 0 || e.length() < 0 || e.offset() + e.length() > trailerStart) {
        throw new IllegalArgumentException("pack entry " + e.id().shortHex() + " lies outside the blob area");
      }
      entries.add(e);
    }
    return entries;
  }
}
