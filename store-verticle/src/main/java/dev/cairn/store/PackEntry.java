package dev.cairn.store;

import dev.cairn.common.ChunkId;
import dev.cairn.common.message.BlobType;

/**
 * PackEntry locates one blob inside a pack file: {@code length} stored bytes at {@code offset},
 * which hold {@code rawLength} bytes of content (the same number in a plain-text repository; the
 * sealed, perhaps compressed, form in an encrypted one).
 */
public record PackEntry(BlobType type, ChunkId id, long offset, int length, int rawLength) {
  /** A blob stored as it is. */
  public PackEntry(BlobType type, ChunkId id, long offset, int length) {
    this(type, id, offset, length, length);
  }
}
