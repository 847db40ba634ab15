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

  /** Checks the parameters, so a repository can never be created with ones the chunker refuses. */
  public ChunkerParams {
    if (!FASTCDC_2020.equals(algorithm)) {
      throw new IllegalArgumentException("unknown chunker: " + algorithm);
    }
    if (Integer.bitCount(avgSize) != 1 || avgSize < 256 || avgSize > (1 << 28)) {
      throw new IllegalArgumentException("average chunk size must be a power of two from 256 B to 256 MiB: " + avgSize);
    }
    if (minSize < 64 || minSize >= avgSize || maxSize <= avgSize || maxSize > (1 << 30)) {
      throw new IllegalArgumentException(
          "chunk sizes must satisfy 64 <= min < avg < max <= 1 GiB: " + minSize + "/" + avgSize + "/" + maxSize);
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
