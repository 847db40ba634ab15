package dev.cairn.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IntSummaryStatistics;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("FastCdc")
class FastCdcTest {
  static final ChunkerParams SMALL = ChunkerParams.of(2 << 10, 8 << 10, 64 << 10);

  // The known answers pin the on-disk format fastcdc-2020-v1: if one of these lists changes, new
  // backups stop sharing chunks with old ones, so the format needs a new name instead.
  static final int[] SMALL_LENGTHS = {
    8759, 8705, 11153, 10872, 9399, 9026, 10604, 10825, 12095, 4313, 8408, 8360, 10645, 9959,
    8287, 8954, 10520, 9573, 8352, 12214, 8710, 9695, 8454, 8200, 8522, 8522, 5434, 8344,
    10867, 5219, 10273, 8805, 9389, 8520, 8485, 9353, 19015, 8907, 10782, 8283, 15982, 13532,
    13812, 11511, 10148, 9908, 17507, 10219, 10895, 11686, 8421, 16985, 9039, 9594, 3161, 9385,
    16213, 8574, 4252, 9810, 2277, 4895, 8799, 8732, 10431, 14085, 12189, 8344, 9733, 13837,
    8857, 9404, 8562, 14370, 11855, 9027, 8943, 9950, 8753, 7598, 9930, 11315, 13585, 8934,
    4996, 10104, 10125, 8376, 2300, 13767, 8246, 9231, 14273, 6689, 8550, 8953, 10248, 11198,
    11582, 15538, 11329, 8637, 8462, 5558, 8744, 11109, 9163, 1557
  };
  private static final int[] DEFAULT_LENGTHS = {
    558846, 1562603, 1214440, 309666, 1089616, 1105946, 1633472, 1832113, 1210275, 1291461,
    1078370, 1088700, 1241460, 733640, 1062948, 1210177, 1065546, 1316560, 489196, 1070088,
    1068257, 1246914, 685530
  };

  /** Fills {@code n} bytes from a SplitMix64 stream, each word little-endian. */
  static byte[] splitMix(int n, long seed) {
    byte[] out = new byte[n];
    long state = seed;
    for (int i = 0; i < n; i += 8) {
      state += 0x9E3779B97F4A7C15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      z ^= z >>> 31;
      for (int k = 0; k < 8 && i + k < n; k++) {
        out[i + k] = (byte) (z >>> (8 * k));
      }
    }
    return out;
  }

  /** Cuts {@code length} bytes of {@code data} from {@code offset} into chunk lengths. */
  static int[] lengths(FastCdc cdc, byte[] data, int offset, int length) {
    List<Integer> out = new ArrayList<>();
    for (int pos = 0; pos < length; ) {
      int n = cdc.cut(data, offset + pos, length - pos);
      out.add(n);
      pos += n;
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  static int[] lengths(FastCdc cdc, byte[] data) {
    return lengths(cdc, data, 0, data.length);
  }

  @Test
  @DisplayName("1 MiB of SplitMix64 output cut at 2/8/64 KiB gives the recorded chunk lengths")
  void knownAnswerSmall() {
    assertPlausible(SMALL, SMALL_LENGTHS);
    assertThat(lengths(new FastCdc(SMALL), splitMix(1 << 20, 2020))).containsExactly(SMALL_LENGTHS);
  }

  @Test
  @DisplayName("24 MiB of SplitMix64 output cut with the defaults gives the recorded chunk lengths")
  void knownAnswerDefaults() {
    ChunkerParams defaults = ChunkerParams.defaults();
    assertPlausible(defaults, DEFAULT_LENGTHS);
    assertThat(lengths(new FastCdc(defaults), splitMix(24 << 20, 2020)))
        .containsExactly(DEFAULT_LENGTHS);
  }

  private static void assertPlausible(ChunkerParams p, int[] lengths) {
    int[] full = Arrays.copyOf(lengths, lengths.length - 1);
    IntSummaryStatistics stats = Arrays.stream(full).summaryStatistics();
    assertThat(stats.getMin()).isGreaterThan(p.minSize());
    assertThat(stats.getMax()).isLessThanOrEqualTo(p.maxSize());
    assertThat(stats.getAverage()).isBetween(0.9 * p.avgSize(), 1.3 * p.avgSize());
  }

  @Test
  @DisplayName("Random data gives a mean chunk size near the average and no chunk outside min..max")
  void sizeDistribution() {
    int[] lengths = lengths(new FastCdc(SMALL), splitMix(8 << 20, 7));
    assertPlausible(SMALL, lengths);
    assertThat(lengths.length).isBetween(700, 1000);
  }

  @Test
  @DisplayName("Chunks cover the input exactly, also when it sits at an offset in a larger array")
  void chunksCoverInput() {
    byte[] input = splitMix(3_000_001, 11);
    byte[] padded = new byte[input.length + 1000];
    Arrays.fill(padded, (byte) 0x5a);
    System.arraycopy(input, 0, padded, 333, input.length);
    FastCdc cdc = new FastCdc(SMALL);

    int[] plain = lengths(cdc, input);
    assertThat(Arrays.stream(plain).asLongStream().sum()).isEqualTo(input.length);
    assertThat(Arrays.stream(plain).min().orElseThrow()).isPositive();
    assertThat(Arrays.stream(plain).max().orElseThrow()).isLessThanOrEqualTo(SMALL.maxSize());
    assertThat(lengths(cdc, padded, 333, input.length)).containsExactly(plain);
  }

  @Test
  @DisplayName("All-zero input is cut at maxSize")
  void zerosCutAtMax() {
    for (ChunkerParams p : List.of(SMALL, ChunkerParams.defaults())) {
      byte[] zeros = new byte[3 * p.maxSize() + 5];
      assertThat(lengths(new FastCdc(p), zeros))
          .containsExactly(p.maxSize(), p.maxSize(), p.maxSize(), 5);
    }
  }

  @Test
  @DisplayName("Input no longer than minSize is a single chunk")
  void shortInputIsOneChunk() {
    FastCdc cdc = new FastCdc(SMALL);
    byte[] data = splitMix(SMALL.minSize(), 3);
    assertThat(cdc.cut(data, 0, data.length)).isEqualTo(SMALL.minSize());
    assertThat(cdc.cut(data, 0, 1)).isEqualTo(1);
    assertThat(cdc.cut(data, 100, 17)).isEqualTo(17);
  }

  @Test
  @DisplayName("A cut does not change when more or other bytes follow it")
  void cutIgnoresBytesBeyondIt() {
    FastCdc cdc = new FastCdc(SMALL);
    byte[] data = splitMix(2 << 20, 5);
    byte[] otherTail = splitMix(2 << 20, 6);
    for (int pos = 0; pos < data.length; ) {
      int n = cdc.cut(data, pos, data.length - pos);
      assertThat(cdc.cut(data, pos, n)).isEqualTo(n);
      assertThat(cdc.cut(data, pos, Math.min(data.length - pos, n + 1))).isEqualTo(n);
      System.arraycopy(data, pos, otherTail, pos, n);
      assertThat(cdc.cut(otherTail, pos, otherTail.length - pos)).isEqualTo(n);
      pos += n;
    }
  }

  @Test
  @DisplayName("An empty or out-of-range request is rejected")
  void rejectsBadRanges() {
    FastCdc cdc = new FastCdc(SMALL);
    byte[] data = new byte[100];
    assertThatThrownBy(() -> cdc.cut(data, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cdc.cut(data, 50, 51)).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> cdc.cut(data, -1, 10)).isInstanceOf(IndexOutOfBoundsException.class);
  }
}
