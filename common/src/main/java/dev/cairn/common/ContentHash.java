package dev.cairn.common;

import java.nio.ByteBuffer;

/**
 * ContentHash names content: it turns bytes into the {@link ChunkId} that addresses them.
 *
 * <p>Implementations are interchangeable only if they are bit-exact; the repository config records
 * the hash by {@link #name()}. An instance is not thread-safe; make one per thread with
 * {@link #newInstance()}.
 */
public interface ContentHash {
  /** The name the repository config records, for example {@code blake3-256}. */
  String name();

  /** Hashes {@code length} bytes of {@code data} from {@code offset}. */
  ChunkId hash(byte[] data, int offset, int length);

  /** Hashes the remaining bytes of {@code data} without moving its position. */
  default ChunkId hash(ByteBuffer data) {
    if (data.hasArray()) {
      return hash(data.array(), data.arrayOffset() + data.position(), data.remaining());
    }
    byte[] copy = new byte[data.remaining()];
    data.duplicate().get(copy);
    return hash(copy, 0, copy.length);
  }

  /** Hashes all of {@code data}. */
  default ChunkId hash(byte[] data) {
    return hash(data, 0, data.length);
  }

  /** Starts an incremental hash, for content that arrives in pieces (a pack being written). */
  Incremental incremental();

  /** Returns a new, independent instance of the same function. */
  ContentHash newInstance();

  /** An incremental hash: feed it pieces, then take the id once. */
  interface Incremental {
    /** Feeds {@code length} bytes from {@code offset}. */
    Incremental update(byte[] data, int offset, int length);

    /** Returns the id of everything fed so far. */
    ChunkId finish();
  }

  /** Returns the hash the repositories of this version use. */
  static ContentHash blake3() {
    return new Blake3Hash();
  }
}
