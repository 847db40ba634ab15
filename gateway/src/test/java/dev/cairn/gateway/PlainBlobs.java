package dev.cairn.gateway;

import dev.cairn.common.message.StoreMessages.Blob;
import dev.cairn.common.message.StoreMessages.StoredBlob;
import java.nio.ByteBuffer;
import java.util.List;

/** PlainBlobs turns blobs made by hand into what a plain-text repository stores: their bytes as they are. */
public final class PlainBlobs {
  private PlainBlobs() {}

  /** {@code blobs} as a plain-text repository stores them. */
  public static List<StoredBlob> stored(List<Blob> blobs) {
    return blobs.stream().map(b -> new StoredBlob(b.type(), b.id(), ByteBuffer.wrap(b.bytes()), b.length())).toList();
  }
}
