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
import java.util.function.IntConsumer;

/**
 * ChunkHashPool hashes the chunks of one arena fill on every core at once, so that even a single
 * large file is hashed in parallel. The calling thread takes a share of the work itself.
 *
 * <p>One pool, sized to the machine, serves every hasher instance in the JVM; its threads are
 * daemons that idle when there is nothing to hash.
 *
 * <p>A chunk of zeros (a disk image's free space, a sparse file's holes) is known by its length
 * and the hash that names it: its id is hashed once and remembered, and checking that a chunk is
 * all zeros costs a small fraction of hashing it, and nothing for other data, which differs from
 * zero within its first bytes. The remembered ids are kept apart by hash, because a keyed hash
 * gives each repository ids of its own: one repository's id of a zero chunk is not another's.
 */
final class ChunkHashPool implements AutoCloseable {
  private static final ChunkHashPool SHARED = new ChunkHashPool(Runtime.getRuntime().availableProcessors());

  /** Below this many bytes a fill is hashed on the calling thread alone: a hand-off would cost more. */
  private static final int PARALLEL_THRESHOLD = 1 << 20;

  /**
   * Ids of this many zero chunks, of different lengths or hashes, are remembered; chunks cut at a
   * maximum size share one per hash.
   */
  private static final int ZERO_IDS = 256;
  private static final byte[] ZEROS = new byte[64 << 10];
  /** The hash of the unkeyed callers; only ever copied with newInstance, never fed. */
  private static final ContentHash PLAIN = ContentHash.blake3();

  private final ExecutorService threads;
  private final Map<ZeroChunk, ChunkId> zeroIds = new ConcurrentHashMap<>();
  private final int parallelism;
  private final ThreadLocal<Local> locals = ThreadLocal.withInitial(Local::new);

  /**
   * A zero chunk under one hash. A hash is told apart by its name and its id of the empty input,
   * which differs between any two keys and gives nothing of either away.
   */
  private record ZeroChunk(String hashName, ChunkId emptyId, int length) {}

  /** One thread's instance of the hash it last hashed with, and that hash's id of the empty input. */
  private static final class Local {
    ContentHash prototype;
    ContentHash instance;
    ChunkId emptyId;

    ContentHash instanceOf(ContentHash hash) {
      if (prototype != hash) {
        instance = hash.newInstance();
        emptyId = instance.hash(new byte[0], 0, 0);
        prototype = hash;
      }
      return instance;
    }
  }

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

  /** Returns the id of each cut of {@code arena} under the plain BLAKE3 hash, in order. */
  ChunkId[] hashAll(byte[] arena, List<Cut> cuts) {
    return hashAll(arena, cuts, PLAIN);
  }

  /**
   * Returns the id of each cut of {@code arena} under {@code hash}, in order.
   *
   * <p>{@code hash} serves only as a prototype: each thread hashes with an instance of its own,
   * made by {@link ContentHash#newInstance()} and kept until the thread meets another prototype.
   * So {@code hash} is never fed, and callers on several threads may share one, as long as none
   * of them feeds it.
   */
  ChunkId[] hashAll(byte[] arena, List<Cut> cuts, ContentHash hash) {
    ChunkId[] ids = new ChunkId[cuts.size()];
    long bytes = 0;
    for (Cut c : cuts) {
      bytes += c.length();
    }
    runAll(ids.length, bytes, i -> {
      Local local = locals.get();
      ContentHash mine = local.instanceOf(hash);
      Cut c = cuts.get(i);
      ids[i] = isZero(arena, c.offset(), c.length())
          ? zeroId(mine, local.emptyId, c.length())
          : mine.hash(arena, c.offset(), c.length());
    });
    return ids;
  }

  /**
   * Runs {@code task} for each of {@code 0 .. n-1} on every core, the calling thread taking a share,
   * and returns when all are done; work of fewer than {@link #PARALLEL_THRESHOLD} {@code bytes} runs
   * on the calling thread alone. Shares are interleaved: pieces vary in size, and striding spreads
   * large and small ones evenly.
   */
  void runAll(int n, long bytes, IntConsumer task) {
    if (parallelism < 2 || n < 2 || bytes < PARALLEL_THRESHOLD) {
      for (int i = 0; i < n; i++) {
        task.accept(i);
      }
      return;
    }
    int shares = Math.min(parallelism, n);
    Future<?>[] helpers = new Future<?>[shares - 1];
    for (int s = 1; s < shares; s++) {
      int start = s;
      helpers[s - 1] = threads.submit(() -> runShare(n, start, shares, task));
    }
    runShare(n, 0, shares, task);
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
  }

  private static void runShare(int n, int start, int stride, IntConsumer task) {
    for (int i = start; i < n; i += stride) {
      task.accept(i);
    }
  }

  private ChunkId zeroId(ContentHash hash, ChunkId emptyId, int length) {
    ZeroChunk key = new ZeroChunk(hash.name(), emptyId, length);
    ChunkId id = zeroIds.get(key);
    if (id == null) {
      id = hash.hash(new byte[length], 0, length);
      if (zeroIds.size() < ZERO_IDS) {
        zeroIds.put(key, id);
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
