package dev.cairn.common;

/**
 * ChunkerParams are the content-defined chunking parameters of one repository.
 *
 * <p>They are fixed when a repository is created and recorded in its config: a backup cut with
 * other parameters would share no chunks with earlier snapshots.
 *
 * @param algorithm the versioned algorithm name, {@value #FASTCDC_2020}
 * @param minSize no chunk is smaller, except the last one of a file
 * @param avgSize the normalized target size, a power of two
 * @param maxSize no chunk is larger
 */
public record ChunkerParams(String algorithm, int minSize, int avgSize, int maxSize) {
  /** FastCDC as published in 2020: gear hash, normalized chunking at level 2, two bytes per step. */
  public static final String FASTCDC_2020 = "fastcdc-2020-v1";

  /**
   * The largest chunk a repository may ask for. A hasher holds twice the largest chunk plus its
   * read buffer per file in flight, so this bounds its memory; 16 MiB is four times the default.
   */
  public static final int MAX_CHUNK = 16 << 20;
  /** The smallest average chunk: below it, the index would hold more ids than data. */
  public static final int MIN_AVERAGE = 256;
  /** The smallest chunk allowed. */
  public static final int MIN_CHUNK = 64;

  /**
   * Checks the parameters against what the chunker and the hashers can handle, so a repository can
   * never be created, nor opened, with ones they refuse. Each refusal names the field, its value and
   * the range allowed.
   */
  public ChunkerParams {
    if (!FASTCDC_2020.equals(algorithm)) {
      throw new IllegalArgumentException("chunker algorithm is '" + algorithm + "'; the only one known is "
          + FASTCDC_2020);
    }
    if (Integer.bitCount(avgSize) != 1 || avgSize < MIN_AVERAGE || avgSize >= MAX_CHUNK) {
      throw new IllegalArgumentException("chunker avgSize is " + avgSize + "; allowed: a power of two from "
          + MIN_AVERAGE + " to " + MAX_CHUNK / 2);
    }
    if (minSize < MIN_CHUNK || minSize >= avgSize) {
      throw new IllegalArgumentException("chunker minSize is " + minSize + "; allowed: " + MIN_CHUNK + " to "
          + (avgSize - 1) + " (below avgSize " + avgSize + ")");
    }
    if (maxSize <= avgSize || maxSize > MAX_CHUNK) {
      throw new IllegalArgumentException("chunker maxSize is " + maxSize + "; allowed: " + (avgSize + 1) + " to "
          + MAX_CHUNK + " (above avgSize " + avgSize + ", at most 16 MiB)");
    }
  }

  /** The defaults: 256 KiB minimum, 1 MiB average, 4 MiB maximum. */
  public static ChunkerParams defaults() {
    return of(256 << 10, 1 << 20, 4 << 20);
  }

  /** FastCDC 2020 with the given sizes. */
  public static ChunkerParams of(int minSize, int avgSize, int maxSize) {
    return new ChunkerParams(FASTCDC_2020, minSize, avgSize, maxSize);
  }
}
