package dev.cairn.hasher;

import dev.cairn.common.ChunkId;
import dev.cairn.common.FastCdc;
import dev.cairn.common.RawPaths;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.HasherMessages.FileResult;
import dev.cairn.common.message.HasherMessages.HashFiles;
import dev.cairn.common.message.HasherMessages.Hashed;
import dev.cairn.common.message.StoreMessages.Blob;
import dev.cairn.hasher.BatchReader.Cut;
import dev.cairn.hasher.BatchReader.Fill;
import dev.cairn.hasher.BatchReader.Finished;
import io.vertx.core.Future;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * BatchBackup reads one batch of files into the repository, one arena fill at a time: cut, hash
 * on every core, ask the store which chunks are new in one request, put only those in one
 * request, then refill. Small files share fills, so a thousand of them cost two store requests,
 * not two thousand.
 *
 * <p>Runs on a worker context: reading and hashing block, and the store's replies come back on
 * the same thread, one step at a time. The arena is not touched between a put and its reply.
 */
final class BatchBackup {
  /** The reason recorded for a file that kept changing while it was read. */
  static final String CHANGED = "changed while it was read, twice; the snapshot holds what was read";

  private final HashFiles batch;
  private final StoreClient store;
  private final ChunkHashPool hashPool;
  private final BatchReader reader;
  private final List<List<ChunkId>> chunks = new ArrayList<>();
  private final Finished[] finished;
  private final long[] newBytes;
  private final int[] newBlobs;

  BatchBackup(HashFiles batch, StoreClient store, ChunkHashPool hashPool, byte[] arena) {
    this.batch = batch;
    this.store = store;
    this.hashPool = hashPool;
    List<java.nio.file.Path> paths = batch.files().stream().map(f -> RawPaths.path(f.path())).toList();
    // A task with no device comes from no scan (nothing to check it against): only a scanner's
    // tasks carry one, and it always sends it.
    List<BatchReader.Identity> identities = batch.files().stream()
        .map(f -> f.device() == 0 ? null : new BatchReader.Identity(f.device(), f.node().inode())).toList();
    this.reader = new BatchReader(paths, identities, new FastCdc(batch.chunker()), arena);
    int n = batch.files().size();
    for (int i = 0; i < n; i++) {
      chunks.add(new ArrayList<>());
    }
    this.finished = new Finished[n];
    this.newBytes = new long[n];
    this.newBlobs = new int[n];
  }

  /**
   * Backs up every file of the batch; a file that cannot be read yields a result naming why, and a
   * file that kept changing while it was read yields its content as read and says so.
   */
  Future<Hashed> run() {
    return step().eventually(() -> {
      reader.close();
      return Future.succeededFuture();
    }).map(v -> {
      List<FileResult> results = new ArrayList<>(finished.length);
      for (int i = 0; i < finished.length; i++) {
        Finished f = finished[i];
        results.add(f.error() != null
            ? new FileResult(null, f.error(), 0, 0)
            : new FileResult(batch.files().get(i).node().withContent(f.size(), chunks.get(i)),
                f.changed() ? CHANGED : null, newBytes[i], newBlobs[i]));
      }
      return new Hashed(results);
    });
  }

  private Future<Void> step() {
    if (reader.done()) {
      return Future.succeededFuture();
    }
    Fill fill = reader.next();
    for (int file : fill.restarted()) {
      chunks.get(file).clear();
    }
    ChunkId[] ids = hashPool.hashAll(reader.arena(), fill.cuts());
    for (int i = 0; i < ids.length; i++) {
      chunks.get(fill.cuts().get(i).file()).add(ids[i]);
    }
    for (Finished f : fill.finished()) {
      finished[f.file()] = f;
    }
    if (ids.length == 0) {
      return step();
    }
    return store.has(List.of(ids))
        .compose(known -> putNew(fill.cuts(), ids, known))
        .compose(v -> step());
  }

  private Future<Void> putNew(List<Cut> cuts, ChunkId[] ids, boolean[] known) {
    List<Blob> blobs = new ArrayList<>();
    Set<ChunkId> seen = new HashSet<>();
    for (int i = 0; i < ids.length; i++) {
      if (!known[i] && seen.add(ids[i])) {
        Cut c = cuts.get(i);
        blobs.add(new Blob(BlobType.DATA, ids[i], ByteBuffer.wrap(reader.arena(), c.offset(), c.length()).slice()));
        newBytes[c.file()] += c.length();
        newBlobs[c.file()]++;
      }
    }
    if (blobs.isEmpty()) {
      return Future.succeededFuture();
    }
    return store.put(blobs).mapEmpty();
  }
}
