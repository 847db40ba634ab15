package dev.cairn.common.blake3;

/**
 * Blake3Kernel compresses many whole chunks or parent nodes at once, the part of BLAKE3 whose
 * pieces are independent and can share one pass over the data.
 *
 * <p>A kernel holds scratch space, so it belongs to one hasher and one thread at a time.
 */
abstract class Blake3Kernel {
  /**
   * Hashes {@code n} whole chunks of {@code in} from {@code off} as non-root chunks numbered from
   * {@code counter}, and writes their chaining values, eight words each, to {@code cvs} from
   * {@code cvOff}.
   *
   * <p>Every chunk starts from the eight words of {@code key}, the IV unless the hash is keyed,
   * and every compression carries {@code flags}, the mode's flags, besides its own.
   */
  abstract void hashChunks(byte[] in, int off, int n, long counter, int[] key, int flags, int[] cvs, int cvOff);

  /**
   * Replaces the {@code n} pairs of chaining values from word {@code off} of {@code cvs} by the
   * chaining values of their non-root parents: pair {@code i}, words {@code off + 16i} to
   * {@code off + 16i + 15}, gives words {@code off + 8i} to {@code off + 8i + 7}. The parents
   * start from {@code key} and carry {@code flags}, as chunks do.
   */
  abstract void hashParents(int[] cvs, int off, int n, int[] key, int flags);

  /**
   * Returns the kernel to hash the next {@code chunks} chunks with: this one, or one that has
   * become faster. The caller keeps the result, so that a kernel that stands in for another
   * leaves the hot path once it can.
   */
  Blake3Kernel settle(int chunks) {
    return this;
  }

  /** Returns a kernel of the same kind with its own scratch space. */
  abstract Blake3Kernel newInstance();

  /** Describes the kernel for people, for example {@code scalar}. */
  abstract String description();
}
