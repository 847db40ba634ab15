package dev.cairn.common;

import dev.cairn.common.blake3.Blake3Hasher;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * FastCdc finds content-defined cut points with FastCDC (Xia et al., 2016 and 2020).
 *
 * <p>This is the chunker named {@value ChunkerParams#FASTCDC_2020}. Everything below is part of
 * that on-disk format: changing any of it changes every cut point, and a repository would then
 * share no chunks with its earlier snapshots.
 *
 * <ul>
 *   <li>Fingerprint: the gear rolling hash {@code fp = (fp << 1) + GEAR[b]} over 64-bit words,
 *       started at zero at byte {@code minSize} of each chunk; the first {@code minSize} bytes are
 *       never hashed.
 *   <li>Gear table: {@code GEAR[i]} is the {@code (i+1)}-th output of SplitMix64 seeded with
 *       {@code 0x636169726E636463} (the ASCII bytes of "cairncdc"), unless the chunker is made
 *       with a table of its own, such as one {@link #gearFrom(byte[])} derives from a secret.
 *   <li>Cut rule: the chunk ends after byte {@code j} (0-based within the chunk, {@code j >=
 *       minSize}) when {@code fp & mask == 0} once that byte is hashed, where the mask is
 *       {@code maskS} while {@code j < avgSize} and {@code maskL} from there on (normalized
 *       chunking, level 2). With no such byte, the chunk is {@code maxSize} bytes long, or all
 *       the remaining input if that is shorter.
 *   <li>Masks: with {@code b = log2(avgSize)}, {@code maskS} has {@code n = b + 2} one-bits and
 *       {@code maskL} has {@code n = b - 2}, at bit positions {@code 62 - floor(k * 48 / n)} for
 *       {@code k = 0 .. n-1}.
 * </ul>
 *
 * <p>The mask bits are spread over bits 15 to 62 because bit {@code k} of a gear fingerprint
 * depends only on the last {@code k + 1} bytes: high bits see a window of up to 64 bytes, low bits
 * see almost none. Bit 63 stays clear so that {@code mask << 1} loses nothing, which makes the
 * two-bytes-per-step loop give exactly the cuts of the one-byte rule above. That concerns only
 * the masks: a gear entry may have any 64 bits, since the bit the shift drops is bit 63 of the
 * fingerprint, which no mask reads.
 *
 * <p>With the built-in table, cut points depend only on the content, so anyone who can see chunk
 * sizes can tell whether a known file is stored. A table derived from a per-repository secret
 * makes the cut points, and with them the sizes, unpredictable to whoever lacks the secret.
 *
 * <p>Stateless between calls and safe to share between threads.
 */
public final class FastCdc {
  private static final long GEAR_SEED = 0x636169726E636463L;
  /** Entries in a gear table: one per byte value. */
  public static final int GEAR_ENTRIES = 256;
  /** The derive_key context of {@link #gearFrom(byte[])}; part of the on-disk format. */
  static final String GEAR_CONTEXT = "cairn 2026-12 fastcdc gear table v1";

  private static final VarHandle LE_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** The built-in gear table, the fingerprint's per-byte random values. */
  private static final long[] DEFAULT_GEAR = new long[GEAR_ENTRIES];
  /** {@link #DEFAULT_GEAR} shifted left by one, for the even byte of each pair. */
  private static final long[] DEFAULT_GEAR_LS;

  static {
    long state = GEAR_SEED;
    for (int i = 0; i < DEFAULT_GEAR.length; i++) {
      state += 0x9E3779B97F4A7C15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      DEFAULT_GEAR[i] = z ^ (z >>> 31);
    }
    DEFAULT_GEAR_LS = shifted(DEFAULT_GEAR);
  }

  private final long[] gear;
  private final long[] gearLs;
  private final ChunkerParams params;
  private final int minSize;
  private final int avgSize;
  private final int maxSize;
  private final long maskS;
  private final long maskL;
  private final long maskSLs;
  private final long maskLLs;

  /** Makes a chunker for {@code params} with the built-in gear table. */
  public FastCdc(ChunkerParams params) {
    this(params, DEFAULT_GEAR, DEFAULT_GEAR_LS);
  }

  /**
   * Makes a chunker for {@code params} with the gear table {@code gear}, which it copies.
   *
   * @throws IllegalArgumentException if {@code gear} does not have {@value #GEAR_ENTRIES}
   *     entries, or two of them are equal: the fingerprint could not tell those two bytes apart
   */
  public FastCdc(ChunkerParams params, long[] gear) {
    this(params, checkedGear(gear), null);
  }

  private FastCdc(ChunkerParams params, long[] gear, long[] gearLs) {
    this.gear = gear;
    this.gearLs = gearLs != null ? gearLs : shifted(gear);
    if (!ChunkerParams.FASTCDC_2020.equals(params.algorithm())) {
      throw new IllegalArgumentException("not a FastCDC 2020 chunker: " + params.algorithm());
    }
    this.params = params;
    this.minSize = params.minSize();
    this.avgSize = params.avgSize();
    this.maxSize = params.maxSize();
    int bits = Integer.numberOfTrailingZeros(avgSize);
    this.maskS = spreadMask(bits + 2);
    this.maskL = spreadMask(bits - 2);
    this.maskSLs = maskS << 1;
    this.maskLLs = maskL << 1;
  }

  private static long[] checkedGear(long[] gear) {
    if (gear.length != GEAR_ENTRIES) {
      throw new IllegalArgumentException(
          "a gear table has " + GEAR_ENTRIES + " entries, not " + gear.length);
    }
    long[] copy = gear.clone();
    long[] sorted = gear.clone();
    Arrays.sort(sorted);
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] == sorted[i - 1]) {
        throw new IllegalArgumentException(
            "a gear table needs distinct entries: " + Long.toHexString(sorted[i]) + " repeats");
      }
    }
    return copy;
  }

  private static long[] shifted(long[] gear) {
    long[] out = new long[gear.length];
    for (int i = 0; i < gear.length; i++) {
      out[i] = gear[i] << 1;
    }
    return out;
  }

  /**
   * Returns the gear table of {@code secret}, a repository's 32-byte chunking secret.
   *
   * <p>This is on-disk format: a repository chunks with this table for life. The table is 2048
   * bytes, {@code T = B_0 || B_1 || ... || B_63}, and {@code gear[i]} is bytes {@code 8i} to
   * {@code 8i + 7} of {@code T} read as a little-endian 64-bit integer, where
   *
   * <ul>
   *   <li>{@code K = BLAKE3-derive_key(context = "}{@value #GEAR_CONTEXT}{@code ", key material =
   *       secret)}, 32 bytes, and
   *   <li>{@code B_j = BLAKE3-keyed(key = K, input = j as 4 bytes little-endian)}, 32 bytes, for
   *       {@code j = 0 .. 63}.
   * </ul>
   *
   * @throws IllegalArgumentException if {@code secret} is not 32 bytes long, or in the
   *     negligible case that two derived entries are equal
   */
  public static long[] gearFrom(byte[] secret) {
    if (secret.length != 32) {
      throw new IllegalArgumentException("a chunking secret is 32 bytes, not " + secret.length);
    }
    Blake3Hasher blocks =
        Blake3Hasher.createScalar().newKeyedHasher(Blake3Hasher.deriveKey(GEAR_CONTEXT, secret));
    byte[] table = new byte[8 * GEAR_ENTRIES];
    byte[] counter = new byte[4];
    for (int j = 0; j < table.length / 32; j++) {
      for (int k = 0; k < 4; k++) {
        counter[k] = (byte) (j >>> (8 * k));
      }
      blocks.reset().update(counter, 0, 4).finish(table, 32 * j);
    }
    long[] gear = new long[GEAR_ENTRIES];
    for (int i = 0; i < GEAR_ENTRIES; i++) {
      gear[i] = (long) LE_LONG.get(table, 8 * i);
    }
    return checkedGear(gear);
  }

  /** Places {@code n} one-bits evenly over bits 15 to 62, the highest at bit 62. */
  private static long spreadMask(int n) {
    long mask = 0;
    for (int k = 0; k < n; k++) {
      mask |= 1L << (62 - k * 48 / n);
    }
    return mask;
  }

  /** The parameters this chunker cuts with. */
  public ChunkerParams params() {
    return params;
  }

  /**
   * Returns the length of the chunk that starts at {@code offset}.
   *
   * <p>{@code length} is the number of bytes available from {@code offset}. The caller passes at
   * least {@code maxSize} bytes unless they are the last bytes of the input; the result is then
   * between 1 and {@code min(length, maxSize)}, and depends only on the bytes, never on how much
   * was passed beyond the cut.
   *
   * @throws IllegalArgumentException if {@code length} is not positive
   * @throws IndexOutOfBoundsException if the range does not lie within {@code data}
   */
  public int cut(byte[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    if (length <= minSize) {
      if (length < 1) {
        throw new IllegalArgumentException("nothing to cut: " + length + " bytes");
      }
      return length;
    }
    int end = Math.min(length, maxSize);
    final long[] gear = this.gear;
    final long[] gearLs = this.gearLs;
    long fp = 0;
    int i = offset + minSize;

    // Between pairs fp holds the true fingerprint; after the even byte it is held shifted left by
    // one, so it is checked against the shifted mask.
    long mask = maskS;
    long maskLs = maskSLs;
    int stop = offset + Math.min(avgSize, end);
    for (; i < stop - 1; i += 2) {
      fp = (fp << 2) + gearLs[data[i] & 0xff];
      if ((fp & maskLs) == 0) {
        return i + 1 - offset;
      }
      fp += gear[data[i + 1] & 0xff];
      if ((fp & mask) == 0) {
        return i + 2 - offset;
      }
    }
    if (i < stop) {
      fp = (fp << 1) + gear[data[i] & 0xff];
      if ((fp & mask) == 0) {
        return i + 1 - offset;
      }
      i++;
    }

    mask = maskL;
    maskLs = maskLLs;
    stop = offset + end;
    for (; i < stop - 1; i += 2) {
      fp = (fp << 2) + gearLs[data[i] & 0xff];
      if ((fp & maskLs) == 0) {
        return i + 1 - offset;
      }
      fp += gear[data[i + 1] & 0xff];
      if ((fp & mask) == 0) {
        return i + 2 - offset;
      }
    }
    if (i < stop) {
      fp = (fp << 1) + gear[data[i] & 0xff];
      if ((fp & mask) == 0) {
        return i + 1 - offset;
      }
    }
    return end;
  }
}
