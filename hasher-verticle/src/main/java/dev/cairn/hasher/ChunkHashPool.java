package dev.cairn.hasher;

import dev.cairn.common.ChunkId;
import dev.cairn.common.ContentHash;
import dev.cairn.hasher.BatchReader.Cut;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * ChunkHashPool hashes the chunks of one arena fill on every core at once, so that even a single
 * large file is hashed in parallel. The calling thread takes a share of the work itself.
 *
 * <p>One pool, sized to the machine, serves every hasher instance in the JVM; its threads are
 * daemons that idle when there is nothing to hash.
 *
 * <p>A chunk of zeros (a disk image's free space, a sparse file's holes) is known by its length:
 * its id is hashed once and remembered, and checking that a chunk is all zeros costs a small
 * fraction of hashing it, and nothing for other data, which differs from zero within its first
 * bytes.
 */
final class ChunkHashPool implements AutoCloseable {
  private static final ChunkHashPool SHARED = new ChunkHashPool(Runtime.getRuntime().availableProcessors());

  /** Below this many bytes a fill is hashed on the calling thread alone: a hand-off would cost more. */
  private static final int PARALLEL_THRESHOLD = 1 << 20;

  /** Zero chunks of this many different lengths are remembered; chunks cut at a maximum size share one. */
  private static final int ZERO_LENGTHS = 64;
  private static final byte[] ZEROS = new byte[64 << 10];

  private final ExecutorService threads;
  private final Map<Integer, ChunkId> zeroIds = new ConcurrentHashMap<>();
  private final int parallelism;
  private final ThreadLocal<ContentHash> hashes = ThreadLocal.withInitial(ContentHash::blake3);

  ChunkHashPool(int parallelism) {
    this.parallelism = parallelism;
    AtomicInteger count = new AtomicInteger();
    this.threads = Executors.newFixedThreadPool(Math.max(1, parallelism - 1), r -> {
      Thread t = new Thread(r, "cairn-chunk-hash-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** The pool every hasher in this JVM shares. */
  static ChunkHashPool shared() {
    return SHARED;
  }

  /** Returns the id of each cut of {@code arena}, in order. */
  ChunkId[] hashAll(byte[] arena, List<Cut> cuts) {
    ChunkId[] ids = new ChunkId[cuts.size()];
    long bytes = 0;
    for (Cut c : cuts) {
      bytes += c.length();
    }
    if (parallelism < 2 || cuts.size() < 2 || bytes < PARALLEL_THRESHOLD) {
      hashRange(arena, cuts, ids, 0, 1);
      return ids;
    }
    // Interleaved shares: chunk sizes vary, and striding spreads large and small ones evenly.
    int shares = Math.min(parallelism, cuts.size());
    Future<?>[] helpers = new Future<?>[shares - 1];
    for (int s = 1; s < shares; s++) {
      int start = s;
      helpers[s - 1] = threads.submit(() -> hashRange(arena, cuts, ids, start, shares));
    }
    hashRange(arena, cuts, ids, 0, shares);
    for (Future<?> helper : helpers) {
      try {
        helper.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while hashing", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("hashing failed", e.getCause());
      }
    }
    return ids;
  }

  private void hashRange(byte[] arena, List<Cut> cuts, ChunkId[] ids, int start, int stride) {
    ContentHash hash = hashes.get();
    for (int i = start; i < ids.length; i += stride) {
      Cut c = cuts.get(i);
      ids[i] = isZero(arena, c.offset(), c.length()) ? zeroId(hash, c.length()) : hash.hash(arena, c.offset(), c.length());
    }
  }

  private ChunkId zeroId(ContentHash hash, int length) {
    ChunkId id = zeroIds.get(length);
    if (id == null) {
      id = hash.hash(new byte[length], 0, length);
      if (zeroIds.size() < ZERO_LENGTHS) {
        zeroIds.put(length, id);
      }
    }
    return id;
  }

  static boolean isZero(byte[] data, int offset, int length) {
    for (int at = offset, end = offset + length; at < end; at += ZEROS.length) {
      int n = Math.min(ZEROS.length, end - at);
      if (Arrays.mismatch(data, at, at + n, ZEROS, 0, n) >= 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    threads.shutdown();
  }
}
