package dev.cairn.store;

import dev.cairn.common.ChunkId;
import dev.cairn.common.crypto.Aead;
import dev.cairn.common.crypto.BlobCodec.FileKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * PackFormat is the layout of a pack file: the blobs back to back, then a trailer that lists them,
 * then a footer.
 *
 * <pre>
 *   format 1: blob 0 | blob 1 | ... | entries | entry count i32       | magic "cairnpk1"
 *   format 2: blob 0 | blob 1 | ... | sealed entries | its length i32 | magic "cairnpk2"
 * </pre>
 *
 * An entry is laid out as {@link RepositoryFormat#putEntry} says. A pack describes itself, so an
 * index can always be rebuilt from the packs alone; in format 2 only a key holder can read it.
 *
 * <p>A pack is named by the BLAKE3 of its trailer (entries, or their sealed form, and footer). The
 * trailer lists the id of every blob, and each id is the hash of that blob's content, so the name
 * commits to the whole content as a Merkle root does, at the cost of hashing a few kilobytes instead
 * of the pack again. Verifying a pack means: its trailer hashes to its name (and, sealed, opens),
 * its blobs tile the blob area exactly, and each blob opens to content that hashes to its id.
 */
final class PackFormat {
  static final int FOOTER_LENGTH = 4 + 8;
  /**
   * No blob's content is longer: a chunk is at most the chunker's largest size (16 MiB, see
   * {@code ChunkerParams#MAX_CHUNK}), and a tree of more would list millions of entries. A length above this
   * in a trailer or an index is damage, refused before anything is allocated for it.
   */
  static final int MAX_BLOB_LENGTH = 128 << 20;
  /** No blob's stored form is longer: its content, an encoding byte and the seal. */
  static final int MAX_STORED_LENGTH = MAX_BLOB_LENGTH + 1 + Aead.OVERHEAD;
  /**
   * No pack lists more blobs: a pack is sealed at {@link OpenPacks#PACK_TARGET_SIZE} or at this
   * many blobs, whichever comes first, so its trailer stays under 50 MiB.
   */
  static final int MAX_ENTRIES = 1 << 20;
  /** The longest entry, format 2's. */
  private static final int MAX_ENTRY_LENGTH = 1 + ChunkId.LENGTH + 8 + 4 + 4;
  /** No trailer is longer: the most entries, sealed. */
  static final int MAX_TRAILER_LENGTH = MAX_ENTRIES * MAX_ENTRY_LENGTH + Aead.OVERHEAD + FOOTER_LENGTH;
  /** No pack is larger: its target size, one blob over it, and the largest trailer. */
  static final long MAX_PACK_BYTES = OpenPacks.PACK_TARGET_SIZE + MAX_STORED_LENGTH + (long) MAX_TRAILER_LENGTH;

  /** The folder of pack files. */
  static final String FOLDER = "packs/";

  private PackFormat() {}

  /** The repository file name of pack {@code id}. */
  static String fileName(ChunkId id) {
    String hex = id.hex();
    return FOLDER + hex.substring(0, 2) + "/" + hex;
  }

  /** Encodes the trailer and footer for {@code entries}. */
  static ByteBuffer trailer(RepositoryFormat format, List<PackEntry> entries) {
    ByteBuffer list = ByteBuffer.allocate(entries.size() * format.entryLength());
    entries.forEach(e -> format.putEntry(list, e));
    byte[] body = format.seal(FileKind.PACK_TRAILER, list.array());
    int value = format.encrypted() ? body.length : entries.size();
    return ByteBuffer.allocate(body.length + FOOTER_LENGTH).put(body).putInt(value).put(format.packMagic()).flip();
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
   * The length of the trailer a footer announces, checked against the limits and against {@code
   * size}, the length of the pack.
   */
  private static int trailerLength(RepositoryFormat format, ByteBuffer footer, long size) {
    byte[] magic = new byte[8];
    footer.get(footer.position() + 4, magic);
    if (!Arrays.equals(magic, format.packMagic())) {
      throw new IllegalArgumentException(Arrays.equals(magic, 0, 7, format.packMagic(), 0, 7)
          ? "it is a pack of another repository format (" + (char) magic[7] + ")"
          : "it has no pack footer");
    }
    int value = footer.getInt(footer.position());
    long length;
    if (format.encrypted()) {
      if (value < Aead.OVERHEAD || value > MAX_TRAILER_LENGTH) {
        throw new IllegalArgumentException("it claims a trailer of " + value + " bytes");
      }
      length = (long) value + FOOTER_LENGTH;
    } else {
      length = (long) entryCount(value) * format.entryLength() + FOOTER_LENGTH;
    }
    if (length > size) {
      throw new IllegalArgumentException("it has a wrong trailer length");
    }
    return (int) length;
  }

  /** Decodes the entries of a trailer whose name has been checked; sealed, they are opened first. */
  private static List<PackEntry> decodeEntries(RepositoryFormat format, ByteBuffer trailer, String what) {
    byte[] body = new byte[trailer.remaining() - FOOTER_LENGTH];
    trailer.duplicate().get(body);
    byte[] list = format.open(FileKind.PACK_TRAILER, body, what + "'s trailer");
    if (list.length % format.entryLength() != 0) {
      throw new IllegalArgumentException(what + "'s trailer is not a whole number of entries");
    }
    int count = entryCount(list.length / format.entryLength());
    ByteBuffer in = ByteBuffer.wrap(list);
    List<PackEntry> entries = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      entries.add(format.getEntry(in));
    }
    return entries;
  }

  /**
   * Reads the entries of stored pack {@code name} from its trailer alone, checking the footer against
   * the limits and the file's size before reading the trailer, and the trailer against the name.
   */
  static List<PackEntry> readTrailer(Storage storage, String name, RepositoryFormat format) throws IOException {
    long size = storage.size(name);
    if (size < FOOTER_LENGTH) {
      throw new IllegalArgumentException(name + " is too short to be a pack");
    }
    ByteBuffer footer = ByteBuffer.allocate(FOOTER_LENGTH);
    storage.read(name, size - FOOTER_LENGTH, footer);
    int length;
    try {
      length = trailerLength(format, footer.flip(), size);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
    }
    ByteBuffer trailer = ByteBuffer.allocate(length);
    storage.read(name, size - length, trailer);
    trailer.flip();
    String hex = name.substring(name.lastIndexOf('/') + 1);
    if (!ChunkId.isHex(hex) || !format.name(trailer).equals(ChunkId.fromHex(hex))) {
      throw new IllegalArgumentException(name + " does not match its name (its trailer is damaged)");
    }
    return decodeEntries(format, trailer, name);
  }

  /** A whole pack's entries, and where its trailer begins. */
  record Trailer(List<PackEntry> entries, int start) {
    /** Reports whether the entries, in order, cover the blob area exactly, with no gap or overlap. */
    boolean tiles() {
      long next = 0;
      for (PackEntry e : entries) {
        if (e.offset() != next) {
          return false;
        }
        next += e.length();
      }
      return next == start;
    }
  }

  /**
   * Reads the trailer of a whole pack, checking it against the pack's name {@code pack} and that each
   * entry lies within the blob area.
   */
  static Trailer trailer(RepositoryFormat format, ChunkId pack, byte[] content) {
    if (content.length < FOOTER_LENGTH) {
      throw new IllegalArgumentException("too short to be a pack");
    }
    int length = trailerLength(format, ByteBuffer.wrap(content, content.length - FOOTER_LENGTH, FOOTER_LENGTH),
        content.length);
    int start = content.length - length;
    ByteBuffer trailer = ByteBuffer.wrap(content, start, length);
    if (!format.name(trailer).equals(pack)) {
      throw new IllegalArgumentException("its trailer does not match its name");
    }
    List<PackEntry> entries = decodeEntries(format, trailer, "pack " + pack.shortHex());
    for (PackEntry e : entries) {
      if (e.offset() + e.length() > start) {
        throw new IllegalArgumentException("pack entry " + e.id().shortHex() + " lies outside the blob area");
      }
    }
    return new Trailer(entries, start);
  }
}
