package dev.cairn.common.blake3;

import static dev.cairn.common.blake3.Blake3Compress.BLOCK_LEN;
import static dev.cairn.common.blake3.Blake3Compress.CHUNK_BLOCKS;
import static dev.cairn.common.blake3.Blake3Compress.CHUNK_END;
import static dev.cairn.common.blake3.Blake3Compress.CHUNK_LEN;
import static dev.cairn.common.blake3.Blake3Compress.CHUNK_START;
import static dev.cairn.common.blake3.Blake3Compress.PARENT;

/** ScalarKernel compresses chunks and parents one block at a time, on any JVM. */
final class ScalarKernel extends Blake3Kernel {
  private final int[] words = new int[16];

  @Override
  void hashChunks(byte[] in, int off, int n, long counter, int[] key, int flags, int[] cvs, int cvOff) {
    int[] m = words;
    for (int c = 0; c < n; c++) {
      int cv = cvOff + 8 * c;
      System.arraycopy(key, 0, cvs, cv, 8);
      int block = off + c * CHUNK_LEN;
      for (int b = 0; b < CHUNK_BLOCKS; b++, block += BLOCK_LEN) {
        for (int w = 0; w < 16; w++) {
          m[w] = Blake3Compress.wordAt(in, block + 4 * w);
        }
        int blockFlags = flags | (b == 0 ? CHUNK_START : 0) | (b == CHUNK_BLOCKS - 1 ? CHUNK_END : 0);
        Blake3Compress.compress(cvs, cv, m, 0, counter + c, BLOCK_LEN, blockFlags, cvs, cv);
      }
    }
  }

  @Override
  void hashParents(int[] cvs, int off, int n, int[] key, int flags) {
    for (int i = 0; i < n; i++) {
      parent(cvs, off + 16 * i, off + 8 * i, key, flags);
    }
  }

  /**
   * Writes to {@code out} the chaining value of the non-root parent of the 16 words at {@code in},
   * a parent of the hash whose key words are {@code key} and whose mode flags are {@code flags}.
   */
  static void parent(int[] cvs, int in, int out, int[] key, int flags) {
    Blake3Compress.compress(key, 0, cvs, in, 0, BLOCK_LEN, PARENT | flags, cvs, out);
  }

  @Override
  Blake3Kernel newInstance() {
    return new ScalarKernel();
  }

  @Override
  String description() {
    return "scalar";
  }
}
