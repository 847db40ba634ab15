package dev.cairn.common.pressure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  @DisplayName("delays double from the initial one up to the bound, and the total wait is bounded")
  void doublesUpToItsBound() {
    Backoff backoff = new Backoff(100, 1_000, 7);
    assertThat(java.util.stream.IntStream.rangeClosed(1, 6).mapToLong(backoff::ceilingMillis).toArray())
        .containsExactly(100L, 200L, 400L, 800L, 1_000L, 1_000L);
    assertThat(backoff.totalMillis()).isEqualTo(3_500);
  }

  @Test
  @DisplayName("jitter keeps each delay between half its ceiling and all of it, and spreads senders apart")
  void jitterStaysInItsRange() {
    Backoff backoff = new Backoff(100, 2_000, 6);
    SplittableRandom random = new SplittableRandom(42);
    java.util.Set<Long> seen = new java.util.HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      int retry = 1 + i % 5;
      long delay = backoff.delayMillis(retry, random);
      assertThat(delay).isBetween(backoff.ceilingMillis(retry) / 2, backoff.ceilingMillis(retry));
      seen.add(delay);
    }
    assertThat(seen.size()).isGreaterThan(100);
  }

  @Test
  @DisplayName("a backoff with no attempt or a bound below its start is refused")
  void refusesNonsense() {
    assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(100, 50, 3));
    assertThatIllegalArgumentException().isThrownBy(() -> new Backoff(100, 200, 0));
  }
}
