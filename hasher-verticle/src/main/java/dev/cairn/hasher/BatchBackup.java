package dev.cairn.hasher;

import dev.cairn.common.ChunkId;
import dev.cairn.common.RawPaths;
import dev.cairn.common.crypto.BlobCodec;
import dev.cairn.common.crypto.CompressionHint;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.HasherMessages.FileResult;
import dev.cairn.common.message.HasherMessages.HashFiles;
import dev.cairn.common.message.HasherMessages.Hashed;
import dev.cairn.common.message.StoreMessages.StoredBlob;
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
 * on every core, ask the store which chunks are new in one request, seal only those (compress and
 * encrypt, on every core) and put them in one request, then refill. Small files share fills, so a
 * thousand of them cost two store requests, not two thousand.
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
  private final BlobCodec codec;
  private final BatchReader reader;
  /** How each file's blobs compress, so a file that does not compress stops being tried. */
  private final CompressionHint[] hints;
  /**
   * Where the stored forms of one fill's new blobs are sealed, reused fill after fill: like the
   * arena, it is not touched between a put and its reply, and it grows when a fill needs more.
   */
  private byte[] sealArena;
  private final List<List<ChunkId>> chunks = new ArrayList<>();
  private final Finished[] finished;
  private final long[] newBytes;
  private final int[] newBlobs;

  BatchBackup(HashFiles batch, StoreClient store, ChunkHashPool hashPool, BlobCodec codec, byte[] arena,
      byte[] sealArena) {
    this.sealArena = sealArena;
    this.batch = batch;
    this.store = store;
    this.hashPool = hashPool;
    this.codec = codec;
    List<java.nio.file.Path> paths = batch.files().stream().map(f -> RawPaths.path(f.path())).toList();
    // A task with no device comes from no scan (nothing to check it against): only a scanner's
    // tasks carry one, and it always sends it.
    List<BatchReader.Identity> identities = batch.files().stream()
        .map(f -> f.device() == 0 ? null : new BatchReader.Identity(f.device(), f.node().inode())).toList();
    this.reader = new BatchReader(paths, identities, codec.chunker(batch.chunker()), arena);
    int n = batch.files().size();
    this.hints = new CompressionHint[n];
    for (int i = 0; i < n; i++) {
      hints[i] = new CompressionHint();
    }
    for (int i = 0; i < n; i++) {
      chunks.add(new ArrayList<>());
    }
    this.finished = new Finished[n];
    this.newBytes = new long[n];
    this.newBlobs = new int[n];
  }

  /** The buffer the blobs were sealed in, for the next batch once this one has been answered. */
  byte[] sealArena() {
    return sealArena;
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
    ChunkId[] ids = hashPool.hashAll(reader.arena(), fill.cuts(), codec.idHash());
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
    List<Integer> fresh = new ArrayList<>();
    Set<ChunkId> seen = new HashSet<>();
    for (int i = 0; i < ids.length; i++) {
      if (!known[i] && seen.add(ids[i])) {
        fresh.add(i);
        Cut c = cuts.get(i);
        newBytes[c.file()] += c.length();
        newBlobs[c.file()]++;
      }
    }
    if (fresh.isEmpty()) {
      return Future.succeededFuture();
    }
    StoredBlob[] blobs = new StoredBlob[fresh.size()];
    int[] at = new int[blobs.length + 1];
    for (int b = 0; b < blobs.length; b++) {
      at[b + 1] = at[b] + (codec.encrypted() ? BlobCodec.sealedRoom(cuts.get(fresh.get(b)).length()) : 0);
    }
    if (sealArena.length < at[blobs.length]) {
      sealArena = new byte[at[blobs.length]];
    }
    byte[] out = sealArena;
    hashPool.runAll(blobs.length, at[blobs.length], b -> {
      int i = fresh.get(b);
      Cut c = cuts.get(i);
      ByteBuffer content = ByteBuffer.wrap(reader.arena(), c.offset(), c.length()).slice();
      blobs[b] = new StoredBlob(BlobType.DATA, ids[i],
          codec.seal(BlobType.DATA, ids[i], content, hints[c.file()], out, at[b]), c.length());
    });
    return store.put(List.of(blobs)).mapEmpty();
  }
}
