package dev.cairn.common;

import static dev.cairn.common.FastCdcTest.SMALL;
import static dev.cairn.common.FastCdcTest.lengths;
import static dev.cairn.common.FastCdcTest.splitMix;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.IntSummaryStatistics;
import java.util.List;
import org.apache.commons.codec.digest.Blake3;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks FastCdc with a gear table of its own: the one an encrypted repository derives from its
 * secret, so that chunk boundaries do not give away which known files it stores.
 */
@DisplayName("FastCdc with a derived gear table")
class FastCdcGearTest {
  /** Entries 0, 1, 128 and 255 of the table of the secret 0, 1, ..., 31. */
  private static final long GEAR0_0 = 0x04912515C70B3100L;
  private static final long GEAR0_1 = 0xCBD0CC55F8F2B782L;
  private static final long GEAR0_128 = 0xE3656C8130D0F860L;
  private static final long GEAR0_255 = 0xABEE05425D3CAC24L;

  private static byte[] secret(int first) {
    byte[] secret = new byte[32];
    for (int i = 0; i < secret.length; i++) {
      secret[i] = (byte) (first + i);
    }
    return secret;
  }

  /** The built-in table as the format documents it: SplitMix64 seeded with "cairncdc". */
  private static long[] builtInTable() {
    long[] gear = new long[256];
    long state = 0x636169726E636463L;
    for (int i = 0; i < gear.length; i++) {
      state += 0x9E3779B97F4A7C15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      gear[i] = z ^ (z >>> 31);
    }
    return gear;
  }

  @Test
  @DisplayName("The one-argument constructor still gives the recorded cuts, and the same table passed in gives them too")
  void builtInTableUnchanged() {
    byte[] data = splitMix(1 << 20, 2020);
    assertThat(lengths(new FastCdc(SMALL), data)).containsExactly(FastCdcTest.SMALL_LENGTHS);
    assertThat(lengths(new FastCdc(SMALL, builtInTable()), data)).containsExactly(FastCdcTest.SMALL_LENGTHS);
  }

  @Test
  @DisplayName("Two secrets cut the same input at different points; one secret always cuts it alike")
  void secretsChangeCuts() {
    byte[] data = splitMix(4 << 20, 77);
    int[] plain = lengths(new FastCdc(SMALL), data);
    int[] first = lengths(new FastCdc(SMALL, FastCdc.gearFrom(secret(1))), data);
    int[] second = lengths(new FastCdc(SMALL, FastCdc.gearFrom(secret(2))), data);
    assertThat(lengths(new FastCdc(SMALL, FastCdc.gearFrom(secret(1))), data)).containsExactly(first);
    assertThat(first).isNotEqualTo(second).isNotEqualTo(plain);
    assertThat(second).isNotEqualTo(plain);
    // Not just shifted somewhere: almost no cut position is shared.
    assertThat(sharedCuts(first, second)).isLessThan(first.length / 10);
    assertThat(sharedCuts(first, plain)).isLessThan(first.length / 10);
  }

  private static int sharedCuts(int[] a, int[] b) {
    long[] ends = new long[a.length];
    long at = 0;
    for (int i = 0; i < a.length; i++) {
      ends[i] = at += a[i];
    }
    int shared = 0;
    at = 0;
    for (int n : b) {
      at += n;
      if (Arrays.binarySearch(ends, at) >= 0) {
        shared++;
      }
    }
    return shared - 1; // the end of the input is a cut of both
  }

  @ParameterizedTest(name = "avgSize {0}")
  @ValueSource(ints = {8 << 10, 1 << 20})
  @DisplayName("On 64 MiB of random data a derived table keeps the mean chunk size near avgSize and every chunk within min..max")
  void derivedTableKeepsSizes(int avg) {
    ChunkerParams p = ChunkerParams.of(avg / 4, avg, avg * 8);
    byte[] data = splitMix(64 << 20, 31);
    for (int s = 1; s <= 3; s++) {
      int[] lengths = lengths(new FastCdc(p, FastCdc.gearFrom(secret(s * 40))), data);
      assertThat(Arrays.stream(lengths).asLongStream().sum()).isEqualTo(data.length);
      IntSummaryStatistics full = Arrays.stream(lengths, 0, lengths.length - 1).summaryStatistics();
      assertThat(full.getMin()).isGreaterThan(p.minSize());
      assertThat(full.getMax()).isLessThanOrEqualTo(p.maxSize());
      assertThat(full.getAverage()).as("mean chunk size").isBetween(0.5 * avg, 2.0 * avg);
    }
  }

  @Test
  @DisplayName("gearFrom is derive_key of the secret, then keyed BLAKE3 of counters 0..63, read as little-endian longs")
  void gearFromFollowsItsDocumentation() {
    byte[] secret = secret(9);
    byte[] key = Blake3.initKeyDerivationFunction(
            "cairn 2026-12 fastcdc gear table v1".getBytes(StandardCharsets.US_ASCII))
        .update(secret)
        .doFinalize(32);
    ByteBuffer table = ByteBuffer.allocate(2048).order(ByteOrder.LITTLE_ENDIAN);
    for (int j = 0; j < 64; j++) {
      byte[] counter = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(j).array();
      table.put(Blake3.initKeyedHash(key).update(counter).doFinalize(32));
    }
    table.flip();
    long[] expected = new long[256];
    table.asLongBuffer().get(expected);
    assertThat(FastCdc.gearFrom(secret)).containsExactly(expected);
  }

  @Test
  @DisplayName("The table of a fixed secret is pinned, since repositories chunk with it for life")
  void gearFromKnownAnswer() {
    long[] gear = FastCdc.gearFrom(secret(0));
    assertThat(List.of(gear[0], gear[1], gear[128], gear[255]))
        .containsExactly(GEAR0_0, GEAR0_1, GEAR0_128, GEAR0_255);
  }


  @Test
  @DisplayName("The chunker copies its table: changing the caller's array afterwards changes no cut")
  void tableIsCopied() {
    byte[] data = splitMix(1 << 20, 5);
    long[] gear = FastCdc.gearFrom(secret(3));
    FastCdc cdc = new FastCdc(SMALL, gear);
    int[] before = lengths(cdc, data);
    Arrays.fill(gear, 0, 128, 1L);
    assertThat(lengths(cdc, data)).containsExactly(before);
  }

  @ParameterizedTest(name = "{0} entries")
  @ValueSource(ints = {0, 1, 255, 257, 512})
  @DisplayName("A gear table without 256 entries is refused with its length named")
  void wrongTableLength(int entries) {
    assertThatThrownBy(() -> new FastCdc(SMALL, new long[entries]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a gear table has 256 entries, not " + entries);
  }

  @Test
  @DisplayName("A gear table with two equal entries is refused: the fingerprint could not tell those bytes apart")
  void repeatedEntryRefused() {
    long[] gear = FastCdc.gearFrom(secret(4));
    gear[200] = gear[7];
    assertThatThrownBy(() -> new FastCdc(SMALL, gear))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("distinct");
    assertThatThrownBy(() -> new FastCdc(SMALL, new long[256])).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 16, 31, 33, 64})
  @DisplayName("A chunking secret that is not 32 bytes is refused with its length named")
  void wrongSecretLength(int length) {
    assertThatThrownBy(() -> FastCdc.gearFrom(new byte[length]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a chunking secret is 32 bytes, not " + length);
  }
}
