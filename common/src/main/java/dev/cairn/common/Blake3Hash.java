package dev.cairn.common;

import org.apache.commons.codec.digest.Blake3;

/** Blake3Hash is BLAKE3 with a 256-bit output, computed by Apache Commons Codec. */
public final class Blake3Hash implements ContentHash {
  /** The name repositories record for this hash. */
  public static final String NAME = "blake3-256";

  private final Blake3 hasher = Blake3.initHash();
  private final byte[] out = new byte[ChunkId.LENGTH];

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ChunkId hash(byte[] data, int offset, int length) {
    hasher.reset();
    hasher.update(data, offset, length);
    hasher.doFinalize(out);
    return ChunkId.of(out);
  }

  @Override
  public Incremental incremental() {
    Blake3 state = Blake3.initHash();
    return new Incremental() {
      @Override
      public Incremental update(byte[] data, int offset, int length) {
        state.update(data, offset, length);
        return this;
      }

      @Override
      public ChunkId finish() {
        return ChunkId.of(state.doFinalize(ChunkId.LENGTH));
      }
    };
  }

  @Override
  public ContentHash newInstance() {
    return new Blake3Hash();
  }
}
