package dev.cairn.common;

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
 *       {@code 0x636169726E636463} (the ASCII bytes of "cairncdc").
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
 * two-bytes-per-step loop give exactly the cuts of the one-byte rule above.
 *
 * <p>Stateless between calls and safe to share between threads.
 */
public final class FastCdc {
  private static final long GEAR_SEED = 0x636169726E636463L;

  /** The gear table, the fingerprint's per-byte random values. */
  private static final long[] GEAR = new long[256];
  /** {@link #GEAR} shifted left by one, for the even byte of each pair. */
  private static final long[] GEAR_LS = new long[256];

  static {
    long state = GEAR_SEED;
    for (int i = 0; i < GEAR.length; i++) {
      state += 0x9E3779B97F4A7C15L;
      long z = state;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      GEAR[i] = z ^ (z >>> 31);
      GEAR_LS[i] = GEAR[i] << 1;
    }
  }

  private final ChunkerParams params;
  private final int minSize;
  private final int avgSize;
  private final int maxSize;
  private final long maskS;
  private final long maskL;
  private final long maskSLs;
  private final long maskLLs;

  /** Makes a chunker for {@code params}. */
  public FastCdc(ChunkerParams params) {
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
    final long[] gear = GEAR;
    final long[] gearLs = GEAR_LS;
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

  /** PLACEHOLDER until derived gear tables land. */
  public FastCdc(ChunkerParams params, long[] gear) {
    this(params);
    throw new UnsupportedOperationException("gear");
  }

  /** PLACEHOLDER until derived gear tables land. */
  public static long[] gearFrom(byte[] secret) {
    throw new UnsupportedOperationException("gear");
  }
}
