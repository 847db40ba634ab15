package dev.cairn.common;

import dev.cairn.common.blake3.Blake3Hasher;
import dev.cairn.common.blake3.Blake3Runtime;
import java.nio.ByteBuffer;

/**
 * Blake3Hash is BLAKE3 with a 256-bit output, plain or keyed.
 *
 * <p>The constructor picks the fastest kernel of this JVM, which {@link Blake3Runtime#implementation()}
 * names; {@link #scalar()} and {@link #vector()} pick one explicitly. All kernels give the same
 * bits.
 *
 * <p>{@link #keyed(byte[])} is BLAKE3's keyed mode, named {@value #KEYED_NAME}: an encrypted
 * repository names its chunks with a secret key, so that an id says nothing about the content to
 * whoever does not hold the key. Every instance made from a keyed one keeps its key.
 */
public final class Blake3Hash implements ContentHash {
  /** The name repositories record for this hash. */
  public static final String NAME = "blake3-256";
  /** The name repositories record for BLAKE3's keyed mode with a 256-bit output. */
  public static final String KEYED_NAME = "blake3-keyed-v1";

  private final Blake3Hasher hasher;
  private final String name;
  private final byte[] out = new byte[ChunkId.LENGTH];

  /** Makes a hash with the fastest kernel of this JVM. */
  public Blake3Hash() {
    this(Blake3Hasher.create(), NAME);
  }

  private Blake3Hash(Blake3Hasher hasher, String name) {
    this.hasher = hasher;
    this.name = name;
  }

  private Blake3Hash(Blake3Hasher hasher) {
    this(hasher, NAME);
  }

  /**
   * Makes a keyed hash with the fastest kernel of this JVM.
   *
   * @throws IllegalArgumentException if {@code key} is not 32 bytes long
   */
  public static Blake3Hash keyed(byte[] key) {
    return new Blake3Hash(Blake3Hasher.createKeyed(key), KEYED_NAME);
  }

  /**
   * Returns a keyed hash with {@code key} and this hash's kernel.
   *
   * @throws IllegalArgumentException if {@code key} is not 32 bytes long
   */
  public Blake3Hash withKey(byte[] key) {
    return new Blake3Hash(hasher.newKeyedHasher(key), KEYED_NAME);
  }

  /** Makes a hash with the scalar kernel, which runs on any JVM. */
  public static Blake3Hash scalar() {
    return new Blake3Hash(Blake3Hasher.createScalar());
  }

  /**
   * Makes a hash with the vector kernel, even where it is not the fastest.
   *
   * @throws UnsupportedOperationException if the {@code jdk.incubator.vector} module is absent
   */
  public static Blake3Hash vector() {
    return new Blake3Hash(Blake3Hasher.createVector());
  }

  /** Describes the kernel this instance uses, for example {@code scalar}. */
  public String implementation() {
    return hasher.implementation();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ChunkId hash(byte[] data, int offset, int length) {
    hasher.reset().update(data, offset, length).finish(out, 0);
    return ChunkId.of(out);
  }

  @Override
  public ChunkId hash(ByteBuffer data) {
    hasher.reset().update(data).finish(out, 0);
    return ChunkId.of(out);
  }

  @Override
  public Incremental incremental() {
    Blake3Hasher state = hasher.newHasher();
    return new Incremental() {
      @Override
      public Incremental update(byte[] data, int offset, int length) {
        state.update(data, offset, length);
        return this;
      }

      @Override
      public ChunkId finish() {
        byte[] id = new byte[ChunkId.LENGTH];
        state.finish(id, 0);
        return ChunkId.of(id);
      }
    };
  }

  @Override
  public ContentHash newInstance() {
    return new Blake3Hash(hasher.newHasher(), name);
  }
}
