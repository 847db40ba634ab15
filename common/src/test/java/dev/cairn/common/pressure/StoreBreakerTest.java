package dev.cairn.common.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.pressure.StoreBreaker.State;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StoreBreakerTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final StoreBreaker breaker = new StoreBreaker(3, 500, now::get);

  @Test
  @DisplayName("opens after the threshold of failures in a row, and a success in between resets the count")
  void opensAfterRepeatedFailures() {
    breaker.failed();
    breaker.failed();
    breaker.succeeded();
    breaker.failed();
    breaker.failed();
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    assertThat(breaker.allow()).isTrue();
    breaker.failed();
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.allow()).as("fails fast while open").isFalse();
    assertThat(breaker.timesOpened()).isEqualTo(1);
  }

  @Test
  @DisplayName("half-opens after the reset time with one trial request; its success closes the breaker")
  void halfOpensAndCloses() {
    open();
    now.addAndGet(499);
    assertThat(breaker.allow()).isFalse();
    now.addAndGet(1);
    assertThat(breaker.allow()).as("the trial").isTrue();
    assertThat(breaker.state()).isEqualTo(State.HALF_OPEN);
    assertThat(breaker.allow()).as("a second request while the trial is out").isFalse();
    breaker.succeeded();
    assertThat(breaker.state()).isEqualTo(State.CLOSED);
    assertThat(breaker.allow()).isTrue();
  }

  @Test
  @DisplayName("a failed trial opens the breaker again for another reset period")
  void failedTrialReopens() {
    open();
    now.addAndGet(500);
    assertThat(breaker.allow()).isTrue();
    breaker.failed();
    assertThat(breaker.state()).isEqualTo(State.OPEN);
    assertThat(breaker.allow()).isFalse();
    assertThat(breaker.timesOpened()).isEqualTo(2);
    now.addAndGet(500);
    assertThat(breaker.allow()).isTrue();
  }

  private void open() {
    for (int i = 0; i < 3; i++) {
      breaker.failed();
    }
    assertThat(breaker.state()).isEqualTo(State.OPEN);
  }
}
