package dev.cairn.store;

import dev.cairn.common.ChunkId;
import dev.cairn.common.message.BlobType;

/** PackEntry locates one blob inside a pack file. */
public record PackEntry(BlobType type, ChunkId id, long offset, int length) {
  /** Bytes one entry takes in a pack trailer and in an index file. */
  static final int ENCODED_LENGTH = 1 + ChunkId.LENGTH + 8 + 4;
}
