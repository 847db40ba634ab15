package dev.cairn.common.pressure;

import java.util.random.RandomGenerator;

/**
 * Backoff says how long to wait before each retry: the delay doubles from {@code initialMillis}
 * up to {@code maxMillis}, and a random jitter (between half and all of it) keeps many senders
 * that failed together from retrying together. After {@code attempts} tries in all, the caller
 * gives up, so the total wait is bounded by {@link #totalMillis}.
 *
 * @param initialMillis the delay before the first retry, before jitter
 * @param maxMillis the largest delay, before jitter
 * @param attempts tries in all, the first one included
 */
public record Backoff(long initialMillis, long maxMillis, int attempts) {
  public Backoff {
    if (initialMillis <= 0 || maxMillis < initialMillis || attempts < 1) {
      throw new IllegalArgumentException("need 0 < initial <= max and at least one attempt");
    }
  }

  /** The delay before retry number {@code retry} (1 for the first retry), before jitter. */
  public long ceilingMillis(int retry) {
    long delay = initialMillis;
    for (int i = 1; i < retry && delay < maxMillis; i++) {
      delay = Math.min(maxMillis, delay * 2);
    }
    return delay;
  }

  /** The jittered delay before retry number {@code retry}: between half of its ceiling and all of it. */
  public long delayMillis(int retry, RandomGenerator random) {
    long ceiling = ceilingMillis(retry);
    return ceiling / 2 + random.nextLong(ceiling - ceiling / 2 + 1);
  }

  /** The most a caller waits between tries in all, before it gives up. */
  public long totalMillis() {
    long total = 0;
    for (int retry = 1; retry < attempts; retry++) {
      total += ceilingMillis(retry);
    }
    return total;
  }
}
