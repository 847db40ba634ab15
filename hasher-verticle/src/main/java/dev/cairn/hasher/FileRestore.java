package dev.cairn.hasher;

import dev.cairn.common.ChunkId;
import dev.cairn.common.ContentHash;
import dev.cairn.common.RawPaths;
import dev.cairn.common.message.HasherMessages.FileTask;
import dev.cairn.common.message.StoreMessages.Blob;
import dev.cairn.common.tree.Node;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * FileRestore writes one file back from its chunks: fetch each chunk, check it against its id,
 * append it, then put back the permission bits and modification time.
 *
 * <p>The file is opened without following links, so a symlink planted at its place is replaced,
 * never written through.
 */
final class FileRestore {
  private final Path path;
  private final Node node;
  private final StoreClient store;
  private final ContentHash hash;
  private final FileChannel out;
  private long written;

  private FileRestore(Path path, Node node, StoreClient store, ContentHash hash, FileChannel out) {
    this.path = path;
    this.node = node;
    this.store = store;
    this.hash = hash;
    this.out = out;
  }

  /** Restores {@code task}'s file; completes with the bytes written, or fails naming the reason. */
  static Future<Long> run(FileTask task, StoreClient store, ContentHash hash) {
    Path path = RawPaths.path(task.path());
    FileChannel out;
    try {
      if (Files.isSymbolicLink(path)) {
        Files.delete(path);
      }
      out = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return Future.failedFuture(new IOException(Errors.describe(e), e));
    }
    FileRestore restore = new FileRestore(path, task.node(), store, hash, out);
    return restore.write(0).transform(written -> restore.closeAfter(written.failed() ? written.cause() : null));
  }

  private Future<Void> write(int index) {
    List<ChunkId> chunks = node.chunks();
    if (index == chunks.size()) {
      return Future.succeededFuture();
    }
    ChunkId id = chunks.get(index);
    return store.get(id).compose(blob -> {
      try {
        append(id, blob);
      } catch (IOException e) {
        return Future.failedFuture(e);
      }
      return write(index + 1);
    });
  }

  private void append(ChunkId id, Blob blob) throws IOException {
    ByteBuffer data = blob.data().duplicate();
    if (blob.received() && !hash.hash(data).equals(id)) {
      throw new IOException("chunk " + id.shortHex() + " arrived damaged");
    }
    while (data.hasRemaining()) {
      written += out.write(data);
    }
  }

  /** Closes the file, then reports the first failure, or finishes the file if there was none. */
  private Future<Long> closeAfter(Throwable failure) {
    try {
      out.close();
    } catch (IOException e) {
      if (failure == null) {
        failure = e;
      }
    }
    if (failure != null) {
      return Future.failedFuture(failure);
    }
    try {
      if (written != node.size()) {
        throw new IOException("restored " + written + " bytes, the snapshot says " + node.size());
      }
      Metadata.apply(path, node);
      return Future.succeededFuture(written);
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
  }
}
