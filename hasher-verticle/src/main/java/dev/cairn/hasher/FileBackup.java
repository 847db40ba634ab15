package dev.cairn.hasher;

import dev.cairn.common.ChunkId;
import dev.cairn.common.ContentHash;
import dev.cairn.common.FastCdc;
import dev.cairn.common.RawPaths;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.HasherMessages.FileResult;
import dev.cairn.common.message.HasherMessages.FileTask;
import dev.cairn.common.message.StoreMessages.Blob;
import dev.cairn.hasher.ChunkingReader.Chunk;
import io.vertx.core.Future;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * FileBackup reads one file into the repository: piece by piece it cuts and hashes chunks, asks the
 * store which are new, and sends only those. One piece is in flight at a time, which bounds the
 * memory a file can hold.
 *
 * <p>Runs on a worker context: reading blocks, and the store's replies come back on the same
 * thread, one step at a time.
 */
final class FileBackup {
  private final FileTask task;
  private final StoreClient store;
  private final ChunkingReader reader;
  private final List<ChunkId> chunks = new ArrayList<>();
  private long newBytes;
  private int newBlobs;

  private FileBackup(FileTask task, StoreClient store, ChunkingReader reader) {
    this.task = task;
    this.store = store;
    this.reader = reader;
  }

  /** Backs up {@code task}'s file; a file that cannot be read yields a result naming the reason. */
  static Future<FileResult> run(FileTask task, FastCdc chunker, ContentHash hash, StoreClient store) {
    ChunkingReader reader;
    try {
      reader = new ChunkingReader(RawPaths.path(task.path()), chunker, hash);
    } catch (IOException e) {
      return Future.succeededFuture(failed(task, e));
    }
    FileBackup backup = new FileBackup(task, store, reader);
    return backup.nextPiece().eventually(() -> {
      try {
        reader.close();
      } catch (IOException e) {
        return Future.failedFuture(e);
      }
      return Future.succeededFuture();
    }).recover(e -> Future.succeededFuture(failed(task, e)));
  }

  private Future<FileResult> nextPiece() {
    List<Chunk> piece;
    try {
      piece = reader.next();
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    if (piece.isEmpty()) {
      return Future.succeededFuture(
          new FileResult(task.node().withContent(reader.bytesRead(), chunks), null, newBytes, newBlobs));
    }
    List<ChunkId> ids = piece.stream().map(Chunk::id).toList();
    chunks.addAll(ids);
    return store.has(ids)
        .compose(known -> {
          List<Blob> blobs = newBlobs(piece, known);
          return blobs.isEmpty() ? Future.succeededFuture() : store.put(blobs).map(stored -> {
            newBytes += stored.storedBytes();
            newBlobs += stored.storedBlobs();
            return null;
          });
        })
        .compose(v -> nextPiece());
  }

  private static List<Blob> newBlobs(List<Chunk> piece, boolean[] known) {
    List<Blob> blobs = new ArrayList<>();
    Set<ChunkId> seen = new HashSet<>();
    for (int i = 0; i < piece.size(); i++) {
      Chunk c = piece.get(i);
      if (!known[i] && seen.add(c.id())) {
        blobs.add(new Blob(BlobType.DATA, c.id(), c.data()));
      }
    }
    return blobs;
  }

  private static FileResult failed(FileTask task, Throwable e) {
    return new FileResult(null, Errors.describe(e), 0, 0);
  }
}
