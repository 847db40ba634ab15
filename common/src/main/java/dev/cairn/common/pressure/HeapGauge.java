package dev.cairn.common.pressure;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * HeapGauge says how full the heap is, in percent: the occupancy of the old generation against
 * its maximum. What is there survived young collections, so it grows with live data, while the
 * young generation is mostly garbage between collections and would read as full before each one.
 * Garbage promoted to the old generation counts until the next old collection, so the gauge errs
 * on the side of pressure.
 *
 * <p>Where the collector has no old-generation pool, it reads the runtime's used heap.
 */
public final class HeapGauge implements LongSupplier {
  private final List<MemoryPoolMXBean> oldPools = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported())
      .filter(p -> p.getName().contains("Old") || p.getName().contains("Tenured"))
      .toList();

  /** Percent (0 to 100) of the old generation, or of the heap, in use. */
  @Override
  public long getAsLong() {
    long heapMax = Runtime.getRuntime().maxMemory();
    if (heapMax == Long.MAX_VALUE || heapMax <= 0) {
      return 0;
    }
    long used = 0;
    long max = 0;
    for (MemoryPoolMXBean pool : oldPools) {
      MemoryUsage usage = pool.getUsage();
      used += usage.getUsed();
      max += usage.getMax() > 0 ? usage.getMax() : heapMax;
    }
    if (max == 0) {
      Runtime runtime = Runtime.getRuntime();
      used = runtime.totalMemory() - runtime.freeMemory();
      max = heapMax;
    }
    return Math.min(100, used * 100 / max);
  }
}
