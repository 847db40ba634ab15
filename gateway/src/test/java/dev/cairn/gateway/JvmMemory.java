package dev.cairn.gateway;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * JvmMemory is what a JVM's flags let it take: its heap ({@code -Xmx}, or
 * {@code -XX:MaxRAMPercentage} of the container's memory limit) and its direct buffers
 * ({@code -XX:MaxDirectMemorySize}, which defaults to the heap size).
 */
record JvmMemory(long heap, long direct) {
  /** The memory {@code flags} allow in a container limited to {@code limit} bytes; empty if they set no heap size. */
  static Optional<JvmMemory> of(String flags, long limit) {
    return heapBytes(flags, limit).map(heap -> new JvmMemory(heap,
        flag(flags, "-XX:MaxDirectMemorySize=(\\S+)").map(JvmMemory::bytes).orElse(heap)));
  }

  private static Optional<Long> heapBytes(String flags, long limit) {
    Optional<Long> xmx = flag(flags, "-Xmx(\\S+)").map(JvmMemory::bytes);
    if (xmx.isPresent()) {
      return xmx;
    }
    return flag(flags, "-XX:MaxRAMPercentage=(\\S+)")
        .map(p -> new BigDecimal(p).multiply(BigDecimal.valueOf(limit)).divide(BigDecimal.valueOf(100)).longValue());
  }

  /** The value of the last occurrence of a flag, the one the JVM takes. */
  private static Optional<String> flag(String flags, String regex) {
    Matcher m = Pattern.compile("(?:^|\\s)" + regex).matcher(flags);
    String value = null;
    while (m.find()) {
      value = m.group(1);
    }
    return Optional.ofNullable(value);
  }

  /** A JVM size such as {@code 256m}, {@code 1g} or {@code 1048576}, in bytes. */
  private static long bytes(String size) {
    String lower = size.toLowerCase();
    int shift = switch (lower.charAt(lower.length() - 1)) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      default -> 0;
    };
    return Long.parseLong(shift == 0 ? lower : lower.substring(0, lower.length() - 1)) << shift;
  }
}
