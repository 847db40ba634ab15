package dev.cairn.scanner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.message.Progress.Rates;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Throughput")
class ThroughputTest {
  private static final long MIB = 1 << 20;

  @Test
  @DisplayName("gives no time left while the job's total is unknown")
  void noEtaWithoutATotal() {
    Throughput t = new Throughput(0);
    Rates rates = t.sample(1_000, 10 * MIB, 10, 10 * MIB, -1);

    assertThat(rates.bytesPerSecond()).isEqualTo(10 * MIB);
    assertThat(rates.filesPerSecond()).isEqualTo(10);
    assertThat(rates.etaMillis()).isEqualTo(-1);
  }

  @Test
  @DisplayName("measures the speed of the last few seconds, not of the whole job")
  void ratesFollowTheRecentPast() {
    Throughput t = new Throughput(0);
    long read = 0;
    for (long ms = 250; ms <= 10_000; ms += 250) {
      read += ms <= 5_000 ? 25 * MIB : MIB / 4; // 100 MiB/s, then 1 MiB/s
      t.sample(ms, read, 0, read, -1);
    }
    Rates rates = t.sample(10_250, read + MIB / 4, 0, read + MIB / 4, -1);

    assertThat(rates.bytesPerSecond()).isEqualTo(MIB);
  }

  @Test
  @DisplayName("once the total is known, estimates the time left from the bytes still to do")
  void etaFromWhatIsLeft() {
    Throughput t = new Throughput(0);
    t.sample(1_000, 20 * MIB, 1, 20 * MIB, -1);
    Rates rates = t.sample(2_000, 40 * MIB, 2, 40 * MIB, 100 * MIB);

    assertThat(rates.bytesPerSecond()).isEqualTo(20 * MIB);
    assertThat(rates.etaMillis()).isEqualTo(3_000);
    assertThat(t.sample(7_000, 100 * MIB, 5, 100 * MIB, 100 * MIB).etaMillis()).isZero();
  }

  @Test
  @DisplayName("counts files taken unchanged as done, not as bytes read")
  void unchangedFilesAreNotThroughput() {
    Throughput t = new Throughput(0);
    Rates rates = t.sample(1_000, 0, 1_000, 50 * MIB, 60 * MIB);

    assertThat(rates.bytesPerSecond()).isZero();
    assertThat(rates.etaMillis()).isEqualTo(200);
  }
}
