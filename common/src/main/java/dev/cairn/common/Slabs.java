package dev.cairn.common;

import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Slabs is the process's pool of large direct buffers that chunk bytes are read into on their way
 * out of the repository.
 *
 * <p>A direct buffer is read into and written from by the operating system without the copy the
 * JDK makes for a heap buffer, and it is not garbage: a restore that moves gigabytes through the
 * heap spends a fifth of its time in young collections copying the blobs in flight, and its
 * resident size grows to the whole heap. A slab is taken for a reply of many blobs, given back by
 * whoever has written them out, and taken again by the next reply; at most {@link #IDLE} idle slabs
 * are kept.
 *
 * <p>At most {@link #MAX_SLABS} slabs exist at once, so direct memory stays bounded however many
 * hashers a machine runs; past that, and for a reply larger than a slab, {@link #take} gives a heap
 * buffer, which the heap throttle watches. A slab never given back is freed by the collector like
 * any other buffer, and then counts no more. A slab given back must no longer be read by anyone:
 * the next taker overwrites it.
 */
public final class Slabs {
  /** The size of a pooled slab: one store reply's worth of blobs. */
  public static final int SIZE = 16 << 20;
  /** Idle slabs kept for reuse: as many as two hashers hold in flight, each one reply ahead. */
  static final int IDLE = 4;
  /** Slabs that may exist at once: 128 MiB of direct memory. */
  static final int MAX_SLABS = 8;

  private static final Pool POOL = new Pool(IDLE, MAX_SLABS);
  private static final Cleaner CLEANER = Cleaner.create();

  private Slabs() {}

  /**
   * Takes a buffer of at least {@code bytes} bytes, cleared: a pooled direct slab when {@code bytes}
   * fits one and the pool may hold another, otherwise a heap buffer of its own that {@link #give}
   * does not keep.
   */
  public static ByteBuffer take(int bytes) {
    return POOL.take(bytes);
  }

  /** Gives back a slab from {@link #take}, for reuse; other buffers, and {@code null}, are ignored. */
  public static void give(ByteBuffer slab) {
    POOL.give(slab);
  }

  /** A pool of slabs; the process has one, and tests make their own. */
  static final class Pool {
    private final int maxIdle;
    private final int maxSlabs;
    private final ConcurrentLinkedQueue<ByteBuffer> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final AtomicInteger slabs = new AtomicInteger();

    Pool(int maxIdle, int maxSlabs) {
      this.maxIdle = maxIdle;
      this.maxSlabs = maxSlabs;
    }

    ByteBuffer take(int bytes) {
      if (bytes > SIZE) {
        return ByteBuffer.allocate(bytes);
      }
      ByteBuffer slab = idle.poll();
      if (slab != null) {
        idleCount.decrementAndGet();
        return slab.clear();
      }
      if (slabs.incrementAndGet() > maxSlabs) {
        slabs.decrementAndGet();
        return ByteBuffer.allocate(bytes);
      }
      try {
        slab = ByteBuffer.allocateDirect(SIZE);
      } catch (OutOfMemoryError e) {
        // The JVM's direct memory limit is lower than the pool's: the heap takes the reply.
        slabs.decrementAndGet();
        return ByteBuffer.allocate(bytes);
      }
      CLEANER.register(slab, slabs::decrementAndGet);
      return slab;
    }

    void give(ByteBuffer slab) {
      if (slab == null || !slab.isDirect() || slab.capacity() != SIZE) {
        return;
      }
      if (idleCount.incrementAndGet() <= maxIdle) {
        idle.offer(slab);
      } else {
        idleCount.decrementAndGet();
      }
    }

    /** Idle slabs now in the pool. */
    int idle() {
      return idleCount.get();
    }
  }
}
