package dev.cairn.common.pressure;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * HeapGauge says how full the heap is, in percent of its maximum, counting only what survived the
 * last collection of the old generation: used heap straight from the runtime includes garbage not
 * yet collected, and would read as full before every collection.
 *
 * <p>Where no old-generation pool reports its usage after collection, it falls back to the
 * runtime's used heap.
 */
public final class HeapGauge implements LongSupplier {
  private final List<MemoryPoolMXBean> oldPools = ManagementFactory.getMemoryPoolMXBeans().stream()
      .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported())
      .filter(p -> p.getName().contains("Old") || p.getName().contains("Tenured"))
      .toList();

  /** Percent (0 to 100) of the heap's maximum in use. */
  @Override
  public long getAsLong() {
    Runtime runtime = Runtime.getRuntime();
    long max = runtime.maxMemory();
    if (max == Long.MAX_VALUE || max <= 0) {
      return 0;
    }
    long used = runtime.totalMemory() - runtime.freeMemory();
    if (!oldPools.isEmpty()) {
      long survived = 0;
      for (MemoryPoolMXBean pool : oldPools) {
        MemoryUsage after = pool.getCollectionUsage();
        survived += after == null ? pool.getUsage().getUsed() : after.getUsed();
      }
      // The young generation is mostly garbage between collections; what is live is in the old one.
      used = Math.min(used, survived);
    }
    return Math.min(100, used * 100 / max);
  }
}
