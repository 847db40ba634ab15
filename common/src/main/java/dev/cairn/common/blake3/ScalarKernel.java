package dev.cairn.common.blake3;

import static dev.cairn.common.blake3.Blake3Compress.BLOCK_LEN;
import static dev.cairn.common.blake3.Blake3Compress.CHUNK_BLOCKS;
import static dev.cairn.common.blake3.Blake3Compress.CHUNK_END;
import static dev.cairn.common.blake3.Blake3Compress.CHUNK_LEN;
import static dev.cairn.common.blake3.Blake3Compress.CHUNK_START;
import static dev.cairn.common.blake3.Blake3Compress.PARENT;

/** ScalarKernel compresses chunks and parents one block at a time, on any JVM. */
final class ScalarKernel extends Blake3Kernel {
  private static final int[] IV = new int[8];

  static {
    Blake3Compress.iv(IV, 0);
  }

  private final int[] words = new int[16];

  @Override
  void hashChunks(byte[] in, int off, int n, long counter, int[] cvs, int cvOff) {
    int[] m = words;
    for (int c = 0; c < n; c++) {
      int cv = cvOff + 8 * c;
      Blake3Compress.iv(cvs, cv);
      int block = off + c * CHUNK_LEN;
      for (int b = 0; b < CHUNK_BLOCKS; b++, block += BLOCK_LEN) {
        for (int w = 0; w < 16; w++) {
          m[w] = Blake3Compress.wordAt(in, block + 4 * w);
        }
        int flags = (b == 0 ? CHUNK_START : 0) | (b == CHUNK_BLOCKS - 1 ? CHUNK_END : 0);
        Blake3Compress.compress(cvs, cv, m, 0, counter + c, BLOCK_LEN, flags, cvs, cv);
      }
    }
  }

  @Override
  void hashParents(int[] cvs, int off, int n) {
    for (int i = 0; i < n; i++) {
      parent(cvs, off + 16 * i, off + 8 * i);
    }
  }

  /** Writes to {@code out} the chaining value of the non-root parent of the 16 words at {@code in}. */
  static void parent(int[] cvs, int in, int out) {
    Blake3Compress.compress(IV, 0, cvs, in, 0, BLOCK_LEN, PARENT, cvs, out);
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
