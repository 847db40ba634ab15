package dev.cairn.store;

import dev.cairn.common.ChunkId;
import dev.cairn.common.ContentHash;
import dev.cairn.common.crypto.BlobCodec;
import dev.cairn.common.crypto.BlobCodec.FileKind;
import dev.cairn.common.crypto.Damaged;
import dev.cairn.common.message.BlobType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * RepositoryFormat is how one repository lays out its files.
 *
 * <ul>
 *   <li>Format 1, plain text: a blob is stored as it is and named by the BLAKE3 of its content;
 *       pack trailers and index files list {@code type, id, offset, length}; files are named by
 *       the BLAKE3 of their bytes.
 *   <li>Format 2, encrypted: a blob is stored sealed by its {@link BlobCodec} and named by keyed
 *       BLAKE3; entries add the content length ({@code rawLength}), since the stored form is
 *       another size; pack trailers, index files and snapshots are sealed whole. Files are still
 *       named by the (unkeyed) BLAKE3 of their stored bytes, so anyone can check a file against its
 *       name, and only a key holder can read it.
 * </ul>
 *
 * Safe to use from any thread.
 */
final class RepositoryFormat {
  /** The plain-text format. */
  static final RepositoryFormat PLAIN = new RepositoryFormat(1, BlobCodec.PLAIN);

  private final int version;
  private final BlobCodec codec;
  private final ThreadLocal<ContentHash> names = ThreadLocal.withInitial(ContentHash::blake3);
  private final ThreadLocal<ByteBuffer> scratch = ThreadLocal.withInitial(() -> ByteBuffer.allocate(0));

  private RepositoryFormat(int version, BlobCodec codec) {
    this.version = version;
    this.codec = codec;
  }

  /** The encrypted format, sealing with {@code codec}. */
  static RepositoryFormat encrypted(BlobCodec codec) {
    if (!codec.encrypted()) {
      throw new IllegalArgumentException("format 2 needs an encrypting codec");
    }
    return new RepositoryFormat(2, codec);
  }

  int version() {
    return version;
  }

  BlobCodec codec() {
    return codec;
  }

  boolean encrypted() {
    return version >= 2;
  }

  /** The name the config records for the hash that names blobs. */
  String idHashName() {
    return codec.idHash().name();
  }

  /** The id of a blob with content {@code content} (its position is not moved). */
  ChunkId id(ByteBuffer content) {
    return codec.id(content);
  }

  /** The name of a file with stored bytes {@code stored} (its position is not moved). */
  ChunkId name(ByteBuffer stored) {
    return names.get().hash(stored);
  }

  ChunkId name(byte[] stored) {
    return names.get().hash(stored);
  }

  /** Bytes one entry takes in a pack trailer and in an index file. */
  int entryLength() {
    return encrypted() ? 1 + ChunkId.LENGTH + 8 + 4 + 4 : 1 + ChunkId.LENGTH + 8 + 4;
  }

  /** The last bytes of every pack, which say which format wrote it. */
  byte[] packMagic() {
    return ("cairnpk" + version).getBytes(StandardCharsets.US_ASCII);
  }

  /** The first bytes of every index file's content. */
  byte[] indexMagic() {
    return ("cairnix" + version).getBytes(StandardCharsets.US_ASCII);
  }

  void putEntry(ByteBuffer out, PackEntry e) {
    byte[] id = new byte[ChunkId.LENGTH];
    e.id().copyTo(id, 0);
    out.put((byte) e.type().ordinal()).put(id).putLong(e.offset()).putInt(e.length());
    if (encrypted()) {
      out.putInt(e.rawLength());
    }
  }

  /** Reads one entry, refusing a negative offset and lengths below zero or above a blob's most. */
  PackEntry getEntry(ByteBuffer in) {
    BlobType type = BlobType.of(in.get());
    byte[] id = new byte[ChunkId.LENGTH];
    in.get(id);
    long offset = in.getLong();
    int length = in.getInt();
    int rawLength = encrypted() ? in.getInt() : length;
    if (offset < 0 || length < 0 || length > PackFormat.MAX_STORED_LENGTH || rawLength < 0
        || rawLength > PackFormat.MAX_BLOB_LENGTH) {
      throw new IllegalArgumentException("the entry of blob " + ChunkId.of(id).shortHex() + " claims " + length
          + " bytes (of " + rawLength + ") at offset " + offset + " (a blob is 0 to " + PackFormat.MAX_BLOB_LENGTH + " bytes)");
    }
    return new PackEntry(type, ChunkId.of(id), offset, length, rawLength);
  }

  /** Seals a whole file of {@code kind}; plain text stays as it is. */
  byte[] seal(FileKind kind, byte[] content) {
    return codec.sealFile(kind, content);
  }

  /**
   * Opens a whole file of {@code kind}; {@code what} names it.
   *
   * @throws IllegalArgumentException naming the file if it fails authentication
   */
  byte[] open(FileKind kind, byte[] stored, String what) {
    try {
      return codec.openFile(kind, stored, what);
    } catch (Damaged e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Turns the stored form of blob {@code entry} (the remaining bytes of {@code stored}) into its
   * content in {@code into}, which has room for exactly {@code entry.rawLength()} bytes, and checks
   * the content against the id. {@code into} is then flipped, ready to read.
   *
   * @throws Damaged naming the blob if it does not open or does not match its id
   */
  ByteBuffer content(BlobType type, ChunkId id, ByteBuffer stored, ByteBuffer into) {
    if (stored != into) {
      codec.open(type, id, stored, into);
      into.flip();
    }
    if (!id(into).equals(id)) {
      throw new Damaged(type.name().toLowerCase() + " blob " + id.shortHex() + " does not match its id");
    }
    return into;
  }

  /** Reports whether the stored form {@code stored} of {@code entry} opens to content that matches its id. */
  boolean intact(PackEntry entry, ByteBuffer stored) {
    if (!encrypted()) {
      return stored.remaining() == entry.length() && id(stored).equals(entry.id());
    }
    try {
      content(entry.type(), entry.id(), stored, ByteBuffer.allocate(entry.rawLength()));
      return true;
    } catch (Damaged e) {
      return false;
    }
  }

  /** A heap buffer of at least {@code length} bytes owned by this thread, cleared and limited to {@code length}. */
  ByteBuffer scratch(int length) {
    ByteBuffer buffer = scratch.get();
    if (buffer.capacity() < length) {
      buffer = ByteBuffer.allocate(Math.max(length, buffer.capacity() * 2));
      scratch.set(buffer);
    }
    return buffer.clear().limit(length);
  }
}
