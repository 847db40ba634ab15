package dev.cairn.common;

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
 * <p>A slab never given back is freed by the collector like any other buffer, so a lost reply only
 * costs an allocation. A slab given back must no longer be read by anyone: the next taker
 * overwrites it.
 */
public final class Slabs {
  /** The size of a pooled slab: one store reply's worth of blobs. */
  public static final int SIZE = 16 << 20;
  /** Idle slabs kept for reuse: as many as two hashers hold in flight, each one reply ahead. */
  static final int IDLE = 4;

  private static final ConcurrentLinkedQueue<ByteBuffer> idle = new ConcurrentLinkedQueue<>();
  private static final AtomicInteger idleCount = new AtomicInteger();

  private Slabs() {}

  /**
   * Takes a direct buffer of at least {@code bytes} bytes, cleared: a pooled slab when {@code bytes}
   * fits one, otherwise a buffer of its own that {@link #give} does not keep.
   */
  public static ByteBuffer take(int bytes) {
    if (bytes > SIZE) {
      return ByteBuffer.allocateDirect(bytes);
    }
    ByteBuffer slab = idle.poll();
    if (slab == null) {
      return ByteBuffer.allocateDirect(SIZE);
    }
    idleCount.decrementAndGet();
    return slab.clear();
  }

  /** Gives back a slab from {@link #take}, for reuse; other buffers, and {@code null}, are ignored. */
  public static void give(ByteBuffer slab) {
    if (slab == null || !slab.isDirect() || slab.capacity() != SIZE) {
      return;
    }
    if (idleCount.incrementAndGet() <= IDLE) {
      idle.offer(slab);
    } else {
      idleCount.decrementAndGet();
    }
  }

  /** Idle slabs now in the pool, for tests. */
  static int idle() {
    return idleCount.get();
  }
}
