package dev.cairn.common.crypto;

import dev.cairn.common.Blake3Hash;
import dev.cairn.common.ChunkId;
import dev.cairn.common.ChunkerParams;
import dev.cairn.common.ContentHash;
import dev.cairn.common.FastCdc;
import dev.cairn.common.message.BlobType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * BlobCodec is how one repository turns content into stored bytes and back: how blobs are named,
 * chunked, compressed and sealed.
 *
 * <p>{@link #PLAIN} is repository format 1: ids are the BLAKE3 of the content, the chunker uses its
 * built-in gear table, and a blob is stored as it is. An encrypted codec is format 2:
 *
 * <ul>
 *   <li>ids are BLAKE3 in keyed mode ({@code blake3-keyed-v1}), so an id says nothing about the
 *       content to anyone without the key;
 *   <li>the chunker's gear table comes from the repository's secret, so cut points cannot
 *       fingerprint a known file;
 *   <li>a blob is stored as {@code Aead.seal(ad, encoding | body)}: the encoding byte says whether
 *       the body is the content ({@value #RAW}) or its zstd frame ({@value #ZSTD}), and the
 *       associated data {@code "cairn blob v1" | type | id} binds it to its type and id, so a blob
 *       cannot be served as another.
 * </ul>
 *
 * Index files, pack trailers and snapshots are sealed whole with their kind as associated data.
 * Immutable and safe to use from any thread.
 */
public final class BlobCodec {
  /** The codec of plain-text repositories. */
  public static final BlobCodec PLAIN = new BlobCodec(null, ContentHash.blake3(), null, Compression.off());

  static final byte RAW = 0;
  static final byte ZSTD = 1;
  private static final byte[] BLOB_AD = "cairn blob v1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[][] HEADS = {{RAW}, {ZSTD}};
  /** What sealing adds to a blob at most: the encoding byte and the seal. */
  public static final int OVERHEAD = 1 + Aead.OVERHEAD;
  private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[0]);
  /** This thread's buffer for opened forms, which are copied or decompressed into place from it. */
  private static final ThreadLocal<byte[]> OPEN_SCRATCH = ThreadLocal.withInitial(() -> new byte[0]);

  private final Aead aead;
  /** The hash that names blobs, never fed itself: each thread hashes with an instance of its own. */
  private final ContentHash idHash;
  private final ThreadLocal<ContentHash> ids;
  private final long[] gear;
  private final Compression compression;

  private BlobCodec(Aead aead, ContentHash idHash, long[] gear, Compression compression) {
    this(aead, idHash, ThreadLocal.withInitial(idHash::newInstance), gear, compression);
  }

  private BlobCodec(Aead aead, ContentHash idHash, ThreadLocal<ContentHash> ids, long[] gear, Compression compression) {
    this.aead = aead;
    this.idHash = idHash;
    this.ids = ids;
    this.gear = gear;
    this.compression = compression;
  }

  /** The codec of an encrypted repository with master key {@code key}, compressing as {@code compression} says. */
  public static BlobCodec encrypted(MasterKey key, Compression compression) {
    return new BlobCodec(new Aead(key.derive(MasterKey.CIPHER)), Blake3Hash.keyed(key.derive(MasterKey.IDS)),
        FastCdc.gearFrom(key.derive(MasterKey.CHUNKER)), compression);
  }

  /** Reports whether blobs are sealed: false for a plain-text repository. */
  public boolean encrypted() {
    return aead != null;
  }

  /** How blobs are compressed (always {@code off} for a plain-text repository). */
  public Compression compression() {
    return compression;
  }

  /** This codec compressing as {@code other} says, for one backup; a plain-text codec stays as it is. */
  public BlobCodec withCompression(Compression other) {
    return aead == null || other.equals(compression) ? this : new BlobCodec(aead, idHash, ids, gear, other);
  }

  /** A new hash that names blobs; hashes are not thread-safe, so each thread makes its own. */
  public ContentHash newIdHash() {
    return idHash.newInstance();
  }

  /** The hash that names blobs, as a prototype: whoever hashes with it uses {@link ContentHash#newInstance}. */
  public ContentHash idHash() {
    return idHash;
  }

  /** The id of a blob with content {@code content} (its position is not moved); safe from any thread. */
  public ChunkId id(ByteBuffer content) {
    return ids.get().hash(content);
  }

  /** The id of a blob with content {@code length} bytes of {@code data} from {@code offset}; safe from any thread. */
  public ChunkId id(byte[] data, int offset, int length) {
    return ids.get().hash(data, offset, length);
  }

  /** The chunker for {@code params}, with this repository's gear table. */
  public FastCdc chunker(ChunkerParams params) {
    return gear == null ? new FastCdc(params) : new FastCdc(params, gear);
  }

  /**
   * The stored form of blob {@code id}, whose content is the remaining bytes of {@code plain}
   * (its position is not moved). {@code hint} remembers how the blob's stream compresses; {@code
   * null} tries every blob. A plain-text codec returns {@code plain} itself.
   */
  public ByteBuffer seal(BlobType type, ChunkId id, ByteBuffer plain, CompressionHint hint) {
    if (aead == null) {
      return plain;
    }
    byte[] out = new byte[sealedRoom(plain.remaining())];
    return seal(type, id, plain, hint, out, 0);
  }

  /** The most room the stored form of a blob of {@code length} bytes takes: the length and {@link #OVERHEAD}. */
  public static int sealedRoom(int length) {
    return length + OVERHEAD;
  }

  /**
   * Seals as {@link #seal(BlobType, ChunkId, ByteBuffer, CompressionHint)} does, into {@code out}
   * from {@code offset}, which has {@link #sealedRoom} for the blob, and returns the stored form as
   * a view of {@code out}; a plain-text codec returns {@code plain} itself and writes nothing.
   */
  public ByteBuffer seal(BlobType type, ChunkId id, ByteBuffer plain, CompressionHint hint, byte[] out, int offset) {
    if (aead == null) {
      return plain;
    }
    byte[] ad = blobAd(type, id);
    if (compression.mode() != Compression.Mode.OFF && (hint == null || hint.shouldTry())) {
      byte[] packed = scratch(plain.remaining());
      int n = compression.compress(plain, packed, 0);
      if (hint != null) {
        hint.tried(n >= 0);
      }
      if (n >= 0) {
        int sealed = aead.seal(ad, HEADS[ZSTD], ByteBuffer.wrap(packed, 0, n), out, offset);
        return ByteBuffer.wrap(out, offset, sealed).slice();
      }
    }
    int sealed = aead.seal(ad, HEADS[RAW], plain, out, offset);
    return ByteBuffer.wrap(out, offset, sealed).slice();
  }

  /**
   * Opens the stored form of blob {@code id} (the remaining bytes of {@code stored}; its position
   * is not moved) into {@code into}, which has room for exactly the blob's content, and moves
   * {@code into}'s position past it. A plain-text codec copies the bytes as they are. The content is
   * not checked against the id here: the caller hashes it.
   *
   * @throws Damaged if the stored form fails authentication, does not decode, or has another length
   */
  public void open(BlobType type, ChunkId id, ByteBuffer stored, ByteBuffer into) {
    String what = type.name().toLowerCase(Locale.ROOT) + " blob " + id.shortHex();
    if (aead == null) {
      if (stored.remaining() != into.remaining()) {
        throw new Damaged(what + " is " + stored.remaining() + " bytes, not " + into.remaining());
      }
      into.put(stored.duplicate());
      return;
    }
    byte[] plain = OPEN_SCRATCH.get();
    if (plain.length < stored.remaining()) {
      plain = new byte[Math.max(stored.remaining(), plain.length * 2)];
      OPEN_SCRATCH.set(plain);
    }
    int length = aead.open(blobAd(type, id), stored, plain, what);
    if (length == 0) {
      throw new Damaged(what + " has no encoding byte");
    }
    switch (plain[0]) {
      case RAW -> {
        if (length - 1 != into.remaining()) {
          throw new Damaged(what + " holds " + (length - 1) + " bytes, not its " + into.remaining());
        }
        into.put(plain, 1, length - 1);
      }
      case ZSTD -> {
        int expected = into.remaining();
        Compression.decompress(plain, 1, length - 1, into, what);
        into.position(into.position() + expected);
      }
      default -> throw new Damaged(what + " has unknown encoding " + plain[0]);
    }
  }

  /** This thread's buffer for compressed forms, at least {@code length} bytes: sealing copies out of it. */
  private static byte[] scratch(int length) {
    byte[] buffer = SCRATCH.get();
    if (buffer.length < length) {
      buffer = new byte[Math.max(length, buffer.length * 2)];
      SCRATCH.set(buffer);
    }
    return buffer;
  }

  /** Seals a whole repository file of {@code kind} (an index, a pack trailer, a snapshot); plain text stays as it is. */
  public byte[] sealFile(FileKind kind, byte[] content) {
    return aead == null ? content : aead.seal(kind.ad(), content);
  }

  /**
   * Opens a repository file of {@code kind} sealed by {@link #sealFile}; {@code what} names it in
   * the failure.
   *
   * @throws Damaged if it fails authentication
   */
  public byte[] openFile(FileKind kind, byte[] stored, String what) {
    return aead == null ? stored : aead.open(kind.ad(), stored, what);
  }

  /** What sealing adds to a whole file. */
  public int fileOverhead() {
    return aead == null ? 0 : Aead.OVERHEAD;
  }

  private static byte[] blobAd(BlobType type, ChunkId id) {
    byte[] ad = new byte[BLOB_AD.length + 1 + ChunkId.LENGTH];
    System.arraycopy(BLOB_AD, 0, ad, 0, BLOB_AD.length);
    ad[BLOB_AD.length] = (byte) type.ordinal();
    id.copyTo(ad, BLOB_AD.length + 1);
    return ad;
  }

  /** The kinds of whole files a repository seals; each is bound to its kind, so none can pass for another. */
  public enum FileKind {
    INDEX, PACK_TRAILER, SNAPSHOT;

    // Locale.ROOT: under a Turkish default locale "INDEX" would lower to "ındex", and files sealed
    // on such a machine would open nowhere else.
    byte[] ad() {
      String name = name().toLowerCase(Locale.ROOT).replace('_', ' ');
      return ("cairn " + name + " v1").getBytes(StandardCharsets.US_ASCII);
    }
  }
}
