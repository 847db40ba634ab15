package dev.cairn.common.blake3;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WarmingKernel hashes with the scalar kernel until a background thread has made the vector kernel
 * fast, then hands its hasher a vector kernel in its place.
 *
 * <p>Until the JIT has compiled it, the Vector API runs about a hundred times slower than scalar
 * code, and getting it compiled takes two to three seconds of hashing. A short run would lose that time and
 * gain nothing, so the JVM warms the vector kernel up only once it has hashed
 * {@value #WARM_UP_AFTER_CHUNKS} chunks, and on a thread of its own, while every hasher goes on
 * with the scalar kernel.
 */
final class WarmingKernel extends Blake3Kernel {
  /** Chunks hashed with the scalar kernel, by all hashers, before the warm-up starts: 32 MiB. */
  static final long WARM_UP_AFTER_CHUNKS = 32 << 10;
  /** A vector kernel that is not fast after this long, even on a busy machine, stays unused. */
  private static final long WARM_UP_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(30);
  /** Fast batches that show the kernel compiled: before the JIT compiles it, no batch is fast. */
  private static final int FAST_BATCHES = 10;

  private static final AtomicLong SCALAR_CHUNKS = new AtomicLong();
  private static final AtomicBoolean STARTED = new AtomicBoolean();
  private static volatile Blake3Kernel warm;
  /** Completes when the warm-up has ended: with whether the vector kernel is now in use. */
  private static final CompletableFuture<Boolean> WARMED = new CompletableFuture<>();

  private final String description;
  private final Blake3Kernel scalar = new ScalarKernel();

  /** Makes a kernel that describes itself as the vector kernel it will switch to. */
  WarmingKernel(String description) {
    this.description = description;
  }

  /** Reports whether the vector kernel has been warmed up, so that every hasher switches to it. */
  static boolean ready() {
    return warm != null;
  }

  /** Completes once the warm-up has ended, with whether the vector kernel is now in use. */
  static CompletableFuture<Boolean> warmedUp() {
    return WARMED;
  }

  @Override
  Blake3Kernel settle(int chunks) {
    Blake3Kernel ready = warm;
    if (ready != null) {
      return ready.newInstance();
    }
    if (SCALAR_CHUNKS.addAndGet(chunks) >= WARM_UP_AFTER_CHUNKS && STARTED.compareAndSet(false, true)) {
      Thread thread = new Thread(WarmingKernel::warmUp, "cairn-blake3-warm-up");
      thread.setDaemon(true);
      thread.start();
    }
    return this;
  }

  private static void warmUp() {
    Blake3Kernel kernel = Blake3Runtime.vector();
    try {
      if (warmUp(kernel, new ScalarKernel(), WARM_UP_LIMIT_NANOS)) {
        warm = kernel;
      }
    } finally {
      WARMED.complete(warm != null);
    }
  }

  /**
   * Runs {@code vector} on chunks and parents until it has hashed a batch of chunks in less than
   * half the time {@code scalar} takes {@value #FAST_BATCHES} times; reports whether that happened
   * within {@code limitNanos}. The fast batches need not be in a row, so that a busy machine that
   * stalls the thread now and then does not keep the vector kernel out.
   */
  static boolean warmUp(Blake3Kernel vector, Blake3Kernel scalar, long limitNanos) {
    byte[] in = new byte[33 * Blake3Compress.CHUNK_LEN];
    int[] cvs = new int[33 * 16];
    long scalarNanos = Long.MAX_VALUE;
    for (int i = 0; i < 50; i++) {
      scalarNanos = Math.min(scalarNanos, time(scalar, in, cvs));
    }
    long start = System.nanoTime();
    int fast = 0;
    for (int i = 0; fast < FAST_BATCHES && System.nanoTime() - start < limitNanos; i++) {
      // Uneven counts reach the scalar tail and partial batches too, so the compiled code has
      // seen every path it will take.
      vector.hashParents(cvs, 0, 3 + i % 30, Blake3Compress.IV, 0);
      vector.hashChunks(in, 0, 33, 0, Blake3Compress.IV, 0, cvs, 0);
      if (time(vector, in, cvs) * 2 < scalarNanos) {
        fast++;
      }
    }
    return fast >= FAST_BATCHES;
  }

  private static long time(Blake3Kernel kernel, byte[] in, int[] cvs) {
    long start = System.nanoTime();
    kernel.hashChunks(in, 0, 32, 0, Blake3Compress.IV, 0, cvs, 0);
    return System.nanoTime() - start;
  }

  @Override
  void hashChunks(byte[] in, int off, int n, long counter, int[] key, int flags, int[] cvs, int cvOff) {
    scalar.hashChunks(in, off, n, counter, key, flags, cvs, cvOff);
  }

  @Override
  void hashParents(int[] cvs, int off, int n, int[] key, int flags) {
    scalar.hashParents(cvs, off, n, key, flags);
  }

  @Override
  Blake3Kernel newInstance() {
    return new WarmingKernel(description);
  }

  @Override
  String description() {
    return description;
  }
}
