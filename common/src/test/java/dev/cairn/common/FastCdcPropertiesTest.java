package dev.cairn.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

@Label("FastCdc properties")
class FastCdcPropertiesTest {
  private static final ChunkerParams SMALL = ChunkerParams.of(2 << 10, 8 << 10, 64 << 10);

  /** The gear table as the format documents it, restated so the two cannot drift together. */
  private static final long[] GEAR = new long[256];

  static {
    long state = 0x636169726E636463L;
    for (int i = 0; i < GEAR.length; i++) {
      state += 0x9E3779B97F4A7C15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      GEAR[i] = z ^ (z >>> 31);
    }
  }

  private static long mask(int ones) {
    long mask = 0;
    for (int k = 0; k < ones; k++) {
      mask |= 1L << (62 - k * 48 / ones);
    }
    return mask;
  }

  /** Cuts one chunk with the documented rule and the built-in table, one byte at a time. */
  private static int referenceCut(ChunkerParams p, byte[] data, int offset, int length) {
    return referenceCut(p, GEAR, data, offset, length);
  }

  /** Cuts one chunk with the documented rule and the gear table {@code gear}, one byte at a time. */
  private static int referenceCut(ChunkerParams p, long[] gear, byte[] data, int offset, int length) {
    if (length <= p.minSize()) {
      return length;
    }
    int bits = Integer.numberOfTrailingZeros(p.avgSize());
    long maskS = mask(bits + 2);
    long maskL = mask(bits - 2);
    int end = Math.min(length, p.maxSize());
    long fp = 0;
    for (int j = p.minSize(); j < end; j++) {
      fp = (fp << 1) + gear[data[offset + j] & 0xff];
      if ((fp & (j < p.avgSize() ? maskS : maskL)) == 0) {
        return j + 1;
      }
    }
    return end;
  }

  private static byte[] random(long seed, int length, boolean lowEntropy) {
    byte[] data = new byte[length];
    new SplittableRandom(seed).nextBytes(data);
    if (lowEntropy) {
      for (int i = 0; i < length; i++) {
        data[i] &= 3;
      }
    }
    return data;
  }

  @Property(tries = 300)
  @Label("The two-bytes-per-step loop cuts exactly where the one-byte rule does")
  void matchesOneByteRule(
      @ForAll long seed,
      @ForAll @IntRange(min = 8, max = 12) int avgBits,
      @ForAll @IntRange(min = 0, max = 999) int minPermille,
      @ForAll @IntRange(min = 1, max = 7) int maxFactor,
      @ForAll @IntRange(min = 1, max = 60_000) int length,
      @ForAll boolean lowEntropy) {
    int avg = 1 << avgBits;
    int min = 64 + (avg - 65) * minPermille / 1000;
    ChunkerParams p = ChunkerParams.of(min, avg, avg * maxFactor + maxFactor);
    FastCdc cdc = new FastCdc(p);
    byte[] data = random(seed, length, lowEntropy);
    for (int pos = 0; pos < length; ) {
      int n = cdc.cut(data, pos, length - pos);
      assertThat(n).isEqualTo(referenceCut(p, data, pos, length - pos));
      pos += n;
    }
  }

  @Property(tries = 200)
  @Label("With a gear table derived from a secret, the cuts tile the input and follow the one-byte rule")
  void derivedTableTilesInput(
      @ForAll @Size(32) byte[] secret,
      @ForAll long seed,
      @ForAll @IntRange(min = 8, max = 12) int avgBits,
      @ForAll @IntRange(min = 1, max = 200_000) int length,
      @ForAll boolean lowEntropy) {
    int avg = 1 << avgBits;
    ChunkerParams p = ChunkerParams.of(avg / 4, avg, avg * 8);
    long[] gear = FastCdc.gearFrom(secret);
    FastCdc cdc = new FastCdc(p, gear);
    byte[] data = random(seed, length, lowEntropy);
    long covered = 0;
    for (int pos = 0; pos < length; ) {
      int n = cdc.cut(data, pos, length - pos);
      assertThat(n).isBetween(1, p.maxSize()).isEqualTo(referenceCut(p, gear, data, pos, length - pos));
      if (pos + n < length) {
        assertThat(n).as("a chunk that is not the last").isGreaterThan(p.minSize());
      }
      pos += n;
      covered += n;
    }
    assertThat(covered).isEqualTo(length);
  }

  @Property(tries = 50)
  @Label("Cutting the same bytes twice, in any array and at any offset, gives the same cuts")
  void cutsAreRepeatable(
      @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 400_000) int length,
      @ForAll @IntRange(min = 0, max = 4096) int shift) {
    byte[] data = random(seed, length, false);
    byte[] moved = new byte[shift + length];
    System.arraycopy(data, 0, moved, shift, length);
    int[] first = FastCdcTest.lengths(new FastCdc(SMALL), data);
    assertThat(FastCdcTest.lengths(new FastCdc(SMALL), data)).containsExactly(first);
    assertThat(FastCdcTest.lengths(new FastCdc(SMALL), moved, shift, length))
        .containsExactly(first);
  }

  @Property(tries = 10)
  @Label("Inserting a few bytes early leaves most later chunks unchanged")
  void insertionKeepsLaterChunks(
      @ForAll long seed,
      @ForAll @IntRange(min = 0, max = 256 << 10) int at,
      @ForAll @IntRange(min = 1, max = 16) int inserted) {
    byte[] original = random(seed, 2 << 20, false);
    byte[] modified = new byte[original.length + inserted];
    System.arraycopy(original, 0, modified, 0, at);
    for (int i = 0; i < inserted; i++) {
      modified[at + i] = (byte) (i * 37 + 1);
    }
    System.arraycopy(original, at, modified, at + inserted, original.length - at);

    FastCdc cdc = new FastCdc(SMALL);
    ContentHash hash = ContentHash.blake3();
    Set<ChunkId> after = new HashSet<>();
    List<ChunkId> laterOriginal = new ArrayList<>();
    for (int pos = 0; pos < modified.length; ) {
      int n = cdc.cut(modified, pos, modified.length - pos);
      after.add(hash.hash(modified, pos, n));
      pos += n;
    }
    for (int pos = 0; pos < original.length; ) {
      int n = cdc.cut(original, pos, original.length - pos);
      if (pos > at) {
        laterOriginal.add(hash.hash(original, pos, n));
      }
      pos += n;
    }
    long kept = laterOriginal.stream().filter(after::contains).count();
    assertThat(laterOriginal).hasSizeGreaterThan(100);
    assertThat((double) kept / laterOriginal.size()).isGreaterThanOrEqualTo(0.8);
  }
}
