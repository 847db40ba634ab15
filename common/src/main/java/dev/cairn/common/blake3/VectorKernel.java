package dev.cairn.common.blake3;

import static dev.cairn.common.blake3.Blake3Compress.BLOCK_LEN;
import static dev.cairn.common.blake3.Blake3Compress.CHUNK_BLOCKS;
import static dev.cairn.common.blake3.Blake3Compress.CHUNK_END;
import static dev.cairn.common.blake3.Blake3Compress.CHUNK_LEN;
import static dev.cairn.common.blake3.Blake3Compress.CHUNK_START;
import static dev.cairn.common.blake3.Blake3Compress.IV0;
import static dev.cairn.common.blake3.Blake3Compress.IV1;
import static dev.cairn.common.blake3.Blake3Compress.IV2;
import static dev.cairn.common.blake3.Blake3Compress.IV3;
import static dev.cairn.common.blake3.Blake3Compress.PARENT;
import static jdk.incubator.vector.VectorOperators.ROR;
import static jdk.incubator.vector.VectorOperators.XOR;

import java.util.Arrays;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * VectorKernel compresses up to 16 chunks or parents at once, one per vector lane, with the JDK
 * Vector API.
 *
 * <p>Only {@link Blake3Runtime} loads this class, by name, after it has found the
 * {@code jdk.incubator.vector} module; no other class may name it, or a JVM without the module
 * would fail to load that class too.
 *
 * <p>Lane {@code j} of message vector {@code w} is word {@code w} of the block of chunk {@code j}.
 * The words are put in that order by a plain loop of little-endian loads into {@code int[]}
 * scratch, because gathering loads are slow. The sixteen state vectors stay in locals of one
 * method, with no helper methods and the rounds as a loop: a vector that crosses a call the JIT
 * does not inline is boxed on the heap, and seven written-out rounds, or helpers, exceed the JIT's
 * inlining budget. Either makes the kernel a hundred times slower.
 */
final class VectorKernel extends Blake3Kernel {
  private static final VectorSpecies<Integer> SPECIES = species();
  private static final int LANES = SPECIES.length();
  /** Fewer chunks or parents than this go to the scalar kernel, which is faster for so few. */
  private static final int MIN_BATCH = 2;
  /** BLAKE3's message permutation: slot {@code k} of a round takes slot {@code PERMUTATION[k]} of the last. */
  private static final int[] PERMUTATION = {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8};
  /** Round by round, where in a block of {@link #msg} each message word the round takes starts. */
  private static final int[] SLOTS = slots();

  /** Message words, block by block: word {@code w} of block {@code b} for lane {@code j}. */
  private final int[] msg = new int[CHUNK_BLOCKS * 16 * LANES];
  /** The low and then the high halves of each lane's chunk counter. */
  private final int[] counters = new int[2 * LANES];
  /** The chaining values of the last batch, word-major like {@link #msg}. */
  private final int[] cvWords = new int[8 * LANES];
  private final ScalarKernel scalar = new ScalarKernel();

  /**
   * Picks the widest vector up to 512 bits; {@code cairn.blake3.lanes=8} forces 256 bits, to
   * compare the two or to test the narrow kernel on a wide machine.
   */
  private static VectorSpecies<Integer> species() {
    int preferred = IntVector.SPECIES_PREFERRED.length();
    int lanes = Integer.getInteger("cairn.blake3.lanes", Math.min(preferred, 16));
    if (lanes >= 16 && preferred >= 16) {
      return IntVector.SPECIES_512;
    }
    if (lanes >= 8 && preferred >= 8) {
      return IntVector.SPECIES_256;
    }
    throw new UnsupportedOperationException("vectors of " + preferred + " ints are too narrow");
  }

  private static int[] slots() {
    int[] order = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
    int[] slots = new int[7 * 16];
    for (int r = 0; r < 7; r++) {
      int[] next = new int[16];
      for (int k = 0; k < 16; k++) {
        slots[16 * r + k] = order[k] * LANES;
        next[k] = order[PERMUTATION[k]];
      }
      order = next;
    }
    return slots;
  }

  @Override
  void hashChunks(byte[] in, int off, int n, long counter, int[] key, int flags, int[] cvs, int cvOff) {
    while (n >= MIN_BATCH) {
      int lanes = Math.min(n, LANES);
      int[] m = msg;
      for (int j = 0; j < lanes; j++) {
        int src = off + j * CHUNK_LEN;
        for (int k = j, end = j + CHUNK_LEN / 4 * LANES; k < end; k += LANES, src += 4) {
          m[k] = Blake3Compress.wordAt(in, src);
        }
      }
      for (int j = 0; j < LANES; j++) {
        long c = counter + j;
        counters[j] = (int) c;
        counters[LANES + j] = (int) (c >>> 32);
      }
      compress(CHUNK_BLOCKS, key, flags);
      unpack(lanes, cvs, cvOff);
      off += lanes * CHUNK_LEN;
      counter += lanes;
      cvOff += 8 * lanes;
      n -= lanes;
    }
    scalar.hashChunks(in, off, n, counter, key, flags, cvs, cvOff);
  }

  @Override
  void hashParents(int[] cvs, int off, int n, int[] key, int flags) {
    int done = 0;
    Arrays.fill(counters, 0);
    while (n - done >= MIN_BATCH) {
      int lanes = Math.min(n - done, LANES);
      int[] m = msg;
      for (int j = 0; j < lanes; j++) {
        int src = off + 16 * (done + j);
        for (int w = 0; w < 16; w++) {
          m[w * LANES + j] = cvs[src + w];
        }
      }
      compress(1, key, PARENT | flags);
      unpack(lanes, cvs, off + 8 * done);
      done += lanes;
    }
    for (; done < n; done++) {
      ScalarKernel.parent(cvs, off + 16 * done, off + 8 * done, key, flags);
    }
  }

  /** Spreads the chaining values of the first {@code lanes} lanes to eight words each. */
  private void unpack(int lanes, int[] cvs, int cvOff) {
    int[] t = cvWords;
    for (int j = 0; j < lanes; j++) {
      int dst = cvOff + 8 * j;
      for (int w = 0; w < 8; w++) {
        cvs[dst + w] = t[w * LANES + j];
      }
    }
  }

  /**
   * Compresses {@code blocks} blocks of {@link #msg} in every lane, starting from the key words,
   * the IV unless the hash is keyed, and leaves the chaining values in {@link #cvWords}. With
   * more than one block the input is a chunk: the first block is flagged as its start and the
   * last as its end.
   */
  private void compress(int blocks, int[] key, int baseFlags) {
    int[] t = cvWords;
    for (int w = 0; w < 8; w++) {
      Arrays.fill(t, w * LANES, (w + 1) * LANES, key[w]);
    }
    for (int b = 0; b < blocks; b++) {
      int flags = baseFlags;
      if (blocks > 1) {
        flags |= (b == 0 ? CHUNK_START : 0) | (b == blocks - 1 ? CHUNK_END : 0);
      }
      compressBlock(16 * LANES * b, flags);
    }
  }

  /**
   * Compresses the block of {@link #msg} at {@code o} in every lane into the chaining values in
   * {@link #cvWords}. One block per call, rather than a loop over the blocks of a chunk, keeps the
   * method's only loop short: the JIT then compiles it once, early, instead of several times over
   * for entries in the middle of long loops.
   */
  private void compressBlock(int o, int flags) {
    int[] m = msg;
    int[] s = SLOTS;
    int[] t = cvWords;
    IntVector v0 = IntVector.fromArray(SPECIES, t, 0);
    IntVector v1 = IntVector.fromArray(SPECIES, t, LANES);
    IntVector v2 = IntVector.fromArray(SPECIES, t, 2 * LANES);
    IntVector v3 = IntVector.fromArray(SPECIES, t, 3 * LANES);
    IntVector v4 = IntVector.fromArray(SPECIES, t, 4 * LANES);
    IntVector v5 = IntVector.fromArray(SPECIES, t, 5 * LANES);
    IntVector v6 = IntVector.fromArray(SPECIES, t, 6 * LANES);
    IntVector v7 = IntVector.fromArray(SPECIES, t, 7 * LANES);
    IntVector v8 = IntVector.broadcast(SPECIES, IV0);
    IntVector v9 = IntVector.broadcast(SPECIES, IV1);
    IntVector v10 = IntVector.broadcast(SPECIES, IV2);
    IntVector v11 = IntVector.broadcast(SPECIES, IV3);
    IntVector v12 = IntVector.fromArray(SPECIES, counters, 0);
    IntVector v13 = IntVector.fromArray(SPECIES, counters, LANES);
    IntVector v14 = IntVector.broadcast(SPECIES, BLOCK_LEN);
    IntVector v15 = IntVector.broadcast(SPECIES, flags);

    for (int r = 0; r < s.length; r += 16) {
      v0 = v0.add(v4).add(IntVector.fromArray(SPECIES, m, o + s[r]));
      v12 = v12.lanewise(XOR, v0).lanewise(ROR, 16);
      v8 = v8.add(v12);
      v4 = v4.lanewise(XOR, v8).lanewise(ROR, 12);
      v0 = v0.add(v4).add(IntVector.fromArray(SPECIES, m, o + s[r + 1]));
      v12 = v12.lanewise(XOR, v0).lanewise(ROR, 8);
      v8 = v8.add(v12);
      v4 = v4.lanewise(XOR, v8).lanewise(ROR, 7);
      v1 = v1.add(v5).add(IntVector.fromArray(SPECIES, m, o + s[r + 2]));
      v13 = v13.lanewise(XOR, v1).lanewise(ROR, 16);
      v9 = v9.add(v13);
      v5 = v5.lanewise(XOR, v9).lanewise(ROR, 12);
      v1 = v1.add(v5).add(IntVector.fromArray(SPECIES, m, o + s[r + 3]));
      v13 = v13.lanewise(XOR, v1).lanewise(ROR, 8);
      v9 = v9.add(v13);
      v5 = v5.lanewise(XOR, v9).lanewise(ROR, 7);
      v2 = v2.add(v6).add(IntVector.fromArray(SPECIES, m, o + s[r + 4]));
      v14 = v14.lanewise(XOR, v2).lanewise(ROR, 16);
      v10 = v10.add(v14);
      v6 = v6.lanewise(XOR, v10).lanewise(ROR, 12);
      v2 = v2.add(v6).add(IntVector.fromArray(SPECIES, m, o + s[r + 5]));
      v14 = v14.lanewise(XOR, v2).lanewise(ROR, 8);
      v10 = v10.add(v14);
      v6 = v6.lanewise(XOR, v10).lanewise(ROR, 7);
      v3 = v3.add(v7).add(IntVector.fromArray(SPECIES, m, o + s[r + 6]));
      v15 = v15.lanewise(XOR, v3).lanewise(ROR, 16);
      v11 = v11.add(v15);
      v7 = v7.lanewise(XOR, v11).lanewise(ROR, 12);
      v3 = v3.add(v7).add(IntVector.fromArray(SPECIES, m, o + s[r + 7]));
      v15 = v15.lanewise(XOR, v3).lanewise(ROR, 8);
      v11 = v11.add(v15);
      v7 = v7.lanewise(XOR, v11).lanewise(ROR, 7);
      v0 = v0.add(v5).add(IntVector.fromArray(SPECIES, m, o + s[r + 8]));
      v15 = v15.lanewise(XOR, v0).lanewise(ROR, 16);
      v10 = v10.add(v15);
      v5 = v5.lanewise(XOR, v10).lanewise(ROR, 12);
      v0 = v0.add(v5).add(IntVector.fromArray(SPECIES, m, o + s[r + 9]));
      v15 = v15.lanewise(XOR, v0).lanewise(ROR, 8);
      v10 = v10.add(v15);
      v5 = v5.lanewise(XOR, v10).lanewise(ROR, 7);
      v1 = v1.add(v6).add(IntVector.fromArray(SPECIES, m, o + s[r + 10]));
      v12 = v12.lanewise(XOR, v1).lanewise(ROR, 16);
      v11 = v11.add(v12);
      v6 = v6.lanewise(XOR, v11).lanewise(ROR, 12);
      v1 = v1.add(v6).add(IntVector.fromArray(SPECIES, m, o + s[r + 11]));
      v12 = v12.lanewise(XOR, v1).lanewise(ROR, 8);
      v11 = v11.add(v12);
      v6 = v6.lanewise(XOR, v11).lanewise(ROR, 7);
      v2 = v2.add(v7).add(IntVector.fromArray(SPECIES, m, o + s[r + 12]));
      v13 = v13.lanewise(XOR, v2).lanewise(ROR, 16);
      v8 = v8.add(v13);
      v7 = v7.lanewise(XOR, v8).lanewise(ROR, 12);
      v2 = v2.add(v7).add(IntVector.fromArray(SPECIES, m, o + s[r + 13]));
      v13 = v13.lanewise(XOR, v2).lanewise(ROR, 8);
      v8 = v8.add(v13);
      v7 = v7.lanewise(XOR, v8).lanewise(ROR, 7);
      v3 = v3.add(v4).add(IntVector.fromArray(SPECIES, m, o + s[r + 14]));
      v14 = v14.lanewise(XOR, v3).lanewise(ROR, 16);
      v9 = v9.add(v14);
      v4 = v4.lanewise(XOR, v9).lanewise(ROR, 12);
      v3 = v3.add(v4).add(IntVector.fromArray(SPECIES, m, o + s[r + 15]));
      v14 = v14.lanewise(XOR, v3).lanewise(ROR, 8);
      v9 = v9.add(v14);
      v4 = v4.lanewise(XOR, v9).lanewise(ROR, 7);
    }

    v0.lanewise(XOR, v8).intoArray(t, 0);
    v1.lanewise(XOR, v9).intoArray(t, LANES);
    v2.lanewise(XOR, v10).intoArray(t, 2 * LANES);
    v3.lanewise(XOR, v11).intoArray(t, 3 * LANES);
    v4.lanewise(XOR, v12).intoArray(t, 4 * LANES);
    v5.lanewise(XOR, v13).intoArray(t, 5 * LANES);
    v6.lanewise(XOR, v14).intoArray(t, 6 * LANES);
    v7.lanewise(XOR, v15).intoArray(t, 7 * LANES);
  }

  @Override
  Blake3Kernel newInstance() {
    return new VectorKernel();
  }

  @Override
  String description() {
    return "vector (IntVector " + SPECIES.vectorBitSize() + "-bit, " + LANES + " lanes)";
  }
}
