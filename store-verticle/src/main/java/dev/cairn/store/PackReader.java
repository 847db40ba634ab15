package dev.cairn.store;

import dev.cairn.common.ChunkId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * PackReader reads blobs out of sealed packs, keeping recently used packs open so that a restore
 * does not pay an open and a close per chunk. Safe to use from several threads at once.
 */
final class PackReader implements AutoCloseable {
  /** Packs kept open; a restore reads a few packs at a time, in pack order. */
  static final int OPEN_PACKS = 64;

  private final Storage storage;
  private final Map<ChunkId, Storage.ReadableFile> open = new LinkedHashMap<>(16, 0.75f, true);

  PackReader(Storage storage) {
    this.storage = storage;
  }

  /** Reads {@code dst.remaining()} bytes of pack {@code pack} from {@code offset}. */
  void read(ChunkId pack, long offset, ByteBuffer dst) throws IOException {
    int position = dst.position();
    try {
      file(pack).read(offset, dst);
    } catch (ClosedChannelException e) {
      // Another thread evicted the pack while this one read it: open it again.
      dst.position(position);
      file(pack).read(offset, dst);
    }
  }

  private synchronized Storage.ReadableFile file(ChunkId pack) throws IOException {
    Storage.ReadableFile file = open.get(pack);
    if (file == null) {
      file = storage.open(PackFormat.fileName(pack));
      open.put(pack, file);
      if (open.size() > OPEN_PACKS) {
        Iterator<Storage.ReadableFile> eldest = open.values().iterator();
        eldest.next().close();
        eldest.remove();
      }
    }
    return file;
  }

  /** Closes pack {@code pack} if it is open, so that a deleted pack is not read again. */
  synchronized void drop(ChunkId pack) throws IOException {
    Storage.ReadableFile file = open.remove(pack);
    if (file != null) {
      file.close();
    }
  }

  @Override
  public synchronized void close() throws IOException {
    for (Storage.ReadableFile file : open.values()) {
      file.close();
    }
    open.clear();
  }
}
