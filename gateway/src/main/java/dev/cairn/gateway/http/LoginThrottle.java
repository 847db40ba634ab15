package dev.cairn.gateway.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * LoginThrottle slows password guessing: after {@link #FREE_FAILURES} failed sign-ins in a row
 * for one name, or from one address, further tries are refused for a time that doubles with each
 * failure, up to {@link #MAX_LOCK}. Used on the gateway's event loop only.
 */
final class LoginThrottle {
  static final int FREE_FAILURES = 5;
  static final Duration MAX_LOCK = Duration.ofMinutes(15);
  /** Keys kept at most, so a flood of names cannot grow the map without bound. */
  private static final int MAX_KEYS = 10_000;

  private record Failures(int count, Instant lockedUntil) {}

  private final Map<String, Failures> failures = new HashMap<>();
  private final Clock clock;

  LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  /** How long {@code key} must wait before its next try; zero if it may try now. */
  Duration wait(String key) {
    Failures f = failures.get(key);
    if (f == null || f.lockedUntil() == null) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(clock.instant(), f.lockedUntil());
    return left.isNegative() ? Duration.ZERO : left;
  }

  void failed(String key) {
    if (failures.size() >= MAX_KEYS && !failures.containsKey(key)) {
      Instant now = clock.instant();
      failures.values().removeIf(f -> f.lockedUntil() == null || f.lockedUntil().isBefore(now));
      if (failures.size() >= MAX_KEYS) {
        failures.clear();
      }
    }
    int count = failures.getOrDefault(key, new Failures(0, null)).count() + 1;
    Instant until = null;
    if (count >= FREE_FAILURES) {
      long seconds = Math.min(MAX_LOCK.toSeconds(), 1L << Math.min(20, count - FREE_FAILURES));
      until = clock.instant().plusSeconds(seconds);
    }
    failures.put(key, new Failures(count, until));
  }

  void succeeded(String key) {
    failures.remove(key);
  }
}
