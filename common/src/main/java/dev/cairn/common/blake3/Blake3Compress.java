package dev.cairn.common.blake3;

import static java.lang.Integer.rotateRight;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Blake3Compress holds BLAKE3's constants and its compression function, one block at a time.
 *
 * <p>The function keeps the sixteen state words and the sixteen message words in locals, with
 * the seven rounds written out, so the JIT keeps what it can in registers and nothing is
 * allocated.
 */
final class Blake3Compress {
  /** Bytes in one block, the unit of the compression function. */
  static final int BLOCK_LEN = 64;
  /** Bytes in one chunk, the leaf of the tree. */
  static final int CHUNK_LEN = 1024;
  /** Blocks in one chunk. */
  static final int CHUNK_BLOCKS = CHUNK_LEN / BLOCK_LEN;

  static final int CHUNK_START = 1;
  static final int CHUNK_END = 2;
  static final int PARENT = 4;
  static final int ROOT = 8;
  /** Flags every compression of a keyed hash, whose key replaces the IV. */
  static final int KEYED_HASH = 16;
  /** Flags every compression of the first half of derive_key, which hashes the context string. */
  static final int DERIVE_KEY_CONTEXT = 32;
  /** Flags every compression of the second half of derive_key, which hashes the key material. */
  static final int DERIVE_KEY_MATERIAL = 64;
  /** Bytes in a key. */
  static final int KEY_LEN = 32;

  static final int IV0 = 0x6A09E667;
  static final int IV1 = 0xBB67AE85;
  static final int IV2 = 0x3C6EF372;
  static final int IV3 = 0xA54FF53A;
  static final int IV4 = 0x510E527F;
  static final int IV5 = 0x9B05688C;
  static final int IV6 = 0x1F83D9AB;
  static final int IV7 = 0x5BE0CD19;

  /** The IV as key words, shared by every unkeyed hash: nothing may write to it. */
  static final int[] IV = {IV0, IV1, IV2, IV3, IV4, IV5, IV6, IV7};

  private static final VarHandle LE_INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  private Blake3Compress() {}

  /** Returns the little-endian word at {@code offset} of {@code data}. */
  static int wordAt(byte[] data, int offset) {
    return (int) LE_INT.get(data, offset);
  }

  /** Writes the IV, the key of an unkeyed hash, to {@code cv} at {@code offset}. */
  static void iv(int[] cv, int offset) {
    cv[offset] = IV0;
    cv[offset + 1] = IV1;
    cv[offset + 2] = IV2;
    cv[offset + 3] = IV3;
    cv[offset + 4] = IV4;
    cv[offset + 5] = IV5;
    cv[offset + 6] = IV6;
    cv[offset + 7] = IV7;
  }

  /**
   * Returns the eight little-endian words of a 32-byte key.
   *
   * @throws IllegalArgumentException if {@code key} is not 32 bytes long
   */
  static int[] keyWords(byte[] key) {
    if (key.length != KEY_LEN) {
      throw new IllegalArgumentException(
          "a BLAKE3 key is " + KEY_LEN + " bytes, not " + key.length);
    }
    int[] words = new int[8];
    for (int i = 0; i < 8; i++) {
      words[i] = wordAt(key, 4 * i);
    }
    return words;
  }

  /** Writes the eight words of {@code cv} at {@code cvOff} as 32 little-endian bytes to {@code out}. */
  static void toBytes(int[] cv, int cvOff, byte[] out, int outOff) {
    for (int i = 0; i < 8; i++) {
      LE_INT.set(out, outOff + 4 * i, cv[cvOff + i]);
    }
  }

  /**
   * Compresses one block and writes the first eight words of the result, the chaining value.
   *
   * <p>{@code out} may be {@code h} itself, and the block may overlap the output: every input word
   * is read before the first output word is written.
   *
   * @param h the input chaining value, eight words at {@code hOff}
   * @param m the message block, sixteen words at {@code mOff}
   * @param counter the chunk counter, or 0 for parents and the root
   * @param blockLen the bytes of the block that hold input, 0 to 64
   * @param flags the domain flags of this block
   */
  static void compress(
      int[] h, int hOff, int[] m, int mOff, long counter, int blockLen, int flags, int[] out, int outOff) {
    int m0 = m[mOff];
    int m1 = m[mOff + 1];
    int m2 = m[mOff + 2];
    int m3 = m[mOff + 3];
    int m4 = m[mOff + 4];
    int m5 = m[mOff + 5];
    int m6 = m[mOff + 6];
    int m7 = m[mOff + 7];
    int m8 = m[mOff + 8];
    int m9 = m[mOff + 9];
    int m10 = m[mOff + 10];
    int m11 = m[mOff + 11];
    int m12 = m[mOff + 12];
    int m13 = m[mOff + 13];
    int m14 = m[mOff + 14];
    int m15 = m[mOff + 15];
    int v0 = h[hOff];
    int v1 = h[hOff + 1];
    int v2 = h[hOff + 2];
    int v3 = h[hOff + 3];
    int v4 = h[hOff + 4];
    int v5 = h[hOff + 5];
    int v6 = h[hOff + 6];
    int v7 = h[hOff + 7];
    int v8 = IV0;
    int v9 = IV1;
    int v10 = IV2;
    int v11 = IV3;
    int v12 = (int) counter;
    int v13 = (int) (counter >>> 32);
    int v14 = blockLen;
    int v15 = flags;
    v0 += v4 + m0; v12 = rotateRight(v12 ^ v0, 16); v8 += v12; v4 = rotateRight(v4 ^ v8, 12);
    v0 += v4 + m1; v12 = rotateRight(v12 ^ v0, 8); v8 += v12; v4 = rotateRight(v4 ^ v8, 7);
    v1 += v5 + m2; v13 = rotateRight(v13 ^ v1, 16); v9 += v13; v5 = rotateRight(v5 ^ v9, 12);
    v1 += v5 + m3; v13 = rotateRight(v13 ^ v1, 8); v9 += v13; v5 = rotateRight(v5 ^ v9, 7);
    v2 += v6 + m4; v14 = rotateRight(v14 ^ v2, 16); v10 += v14; v6 = rotateRight(v6 ^ v10, 12);
    v2 += v6 + m5; v14 = rotateRight(v14 ^ v2, 8); v10 += v14; v6 = rotateRight(v6 ^ v10, 7);
    v3 += v7 + m6; v15 = rotateRight(v15 ^ v3, 16); v11 += v15; v7 = rotateRight(v7 ^ v11, 12);
    v3 += v7 + m7; v15 = rotateRight(v15 ^ v3, 8); v11 += v15; v7 = rotateRight(v7 ^ v11, 7);
    v0 += v5 + m8; v15 = rotateRight(v15 ^ v0, 16); v10 += v15; v5 = rotateRight(v5 ^ v10, 12);
    v0 += v5 + m9; v15 = rotateRight(v15 ^ v0, 8); v10 += v15; v5 = rotateRight(v5 ^ v10, 7);
    v1 += v6 + m10; v12 = rotateRight(v12 ^ v1, 16); v11 += v12; v6 = rotateRight(v6 ^ v11, 12);
    v1 += v6 + m11; v12 = rotateRight(v12 ^ v1, 8); v11 += v12; v6 = rotateRight(v6 ^ v11, 7);
    v2 += v7 + m12; v13 = rotateRight(v13 ^ v2, 16); v8 += v13; v7 = rotateRight(v7 ^ v8, 12);
    v2 += v7 + m13; v13 = rotateRight(v13 ^ v2, 8); v8 += v13; v7 = rotateRight(v7 ^ v8, 7);
    v3 += v4 + m14; v14 = rotateRight(v14 ^ v3, 16); v9 += v14; v4 = rotateRight(v4 ^ v9, 12);
    v3 += v4 + m15; v14 = rotateRight(v14 ^ v3, 8); v9 += v14; v4 = rotateRight(v4 ^ v9, 7);

    v0 += v4 + m2; v12 = rotateRight(v12 ^ v0, 16); v8 += v12; v4 = rotateRight(v4 ^ v8, 12);
    v0 += v4 + m6; v12 = rotateRight(v12 ^ v0, 8); v8 += v12; v4 = rotateRight(v4 ^ v8, 7);
    v1 += v5 + m3; v13 = rotateRight(v13 ^ v1, 16); v9 += v13; v5 = rotateRight(v5 ^ v9, 12);
    v1 += v5 + m10; v13 = rotateRight(v13 ^ v1, 8); v9 += v13; v5 = rotateRight(v5 ^ v9, 7);
    v2 += v6 + m7; v14 = rotateRight(v14 ^ v2, 16); v10 += v14; v6 = rotateRight(v6 ^ v10, 12);
    v2 += v6 + m0; v14 = rotateRight(v14 ^ v2, 8); v10 += v14; v6 = rotateRight(v6 ^ v10, 7);
    v3 += v7 + m4; v15 = rotateRight(v15 ^ v3, 16); v11 += v15; v7 = rotateRight(v7 ^ v11, 12);
    v3 += v7 + m13; v15 = rotateRight(v15 ^ v3, 8); v11 += v15; v7 = rotateRight(v7 ^ v11, 7);
    v0 += v5 + m1; v15 = rotateRight(v15 ^ v0, 16); v10 += v15; v5 = rotateRight(v5 ^ v10, 12);
    v0 += v5 + m11; v15 = rotateRight(v15 ^ v0, 8); v10 += v15; v5 = rotateRight(v5 ^ v10, 7);
    v1 += v6 + m12; v12 = rotateRight(v12 ^ v1, 16); v11 += v12; v6 = rotateRight(v6 ^ v11, 12);
    v1 += v6 + m5; v12 = rotateRight(v12 ^ v1, 8); v11 += v12; v6 = rotateRight(v6 ^ v11, 7);
    v2 += v7 + m9; v13 = rotateRight(v13 ^ v2, 16); v8 += v13; v7 = rotateRight(v7 ^ v8, 12);
    v2 += v7 + m14; v13 = rotateRight(v13 ^ v2, 8); v8 += v13; v7 = rotateRight(v7 ^ v8, 7);
    v3 += v4 + m15; v14 = rotateRight(v14 ^ v3, 16); v9 += v14; v4 = rotateRight(v4 ^ v9, 12);
    v3 += v4 + m8; v14 = rotateRight(v14 ^ v3, 8); v9 += v14; v4 = rotateRight(v4 ^ v9, 7);

    v0 += v4 + m3; v12 = rotateRight(v12 ^ v0, 16); v8 += v12; v4 = rotateRight(v4 ^ v8, 12);
    v0 += v4 + m4; v12 = rotateRight(v12 ^ v0, 8); v8 += v12; v4 = rotateRight(v4 ^ v8, 7);
    v1 += v5 + m10; v13 = rotateRight(v13 ^ v1, 16); v9 += v13; v5 = rotateRight(v5 ^ v9, 12);
    v1 += v5 + m12; v13 = rotateRight(v13 ^ v1, 8); v9 += v13; v5 = rotateRight(v5 ^ v9, 7);
    v2 += v6 + m13; v14 = rotateRight(v14 ^ v2, 16); v10 += v14; v6 = rotateRight(v6 ^ v10, 12);
    v2 += v6 + m2; v14 = rotateRight(v14 ^ v2, 8); v10 += v14; v6 = rotateRight(v6 ^ v10, 7);
    v3 += v7 + m7; v15 = rotateRight(v15 ^ v3, 16); v11 += v15; v7 = rotateRight(v7 ^ v11, 12);
    v3 += v7 + m14; v15 = rotateRight(v15 ^ v3, 8); v11 += v15; v7 = rotateRight(v7 ^ v11, 7);
    v0 += v5 + m6; v15 = rotateRight(v15 ^ v0, 16); v10 += v15; v5 = rotateRight(v5 ^ v10, 12);
    v0 += v5 + m5; v15 = rotateRight(v15 ^ v0, 8); v10 += v15; v5 = rotateRight(v5 ^ v10, 7);
    v1 += v6 + m9; v12 = rotateRight(v12 ^ v1, 16); v11 += v12; v6 = rotateRight(v6 ^ v11, 12);
    v1 += v6 + m0; v12 = rotateRight(v12 ^ v1, 8); v11 += v12; v6 = rotateRight(v6 ^ v11, 7);
    v2 += v7 + m11; v13 = rotateRight(v13 ^ v2, 16); v8 += v13; v7 = rotateRight(v7 ^ v8, 12);
    v2 += v7 + m15; v13 = rotateRight(v13 ^ v2, 8); v8 += v13; v7 = rotateRight(v7 ^ v8, 7);
    v3 += v4 + m8; v14 = rotateRight(v14 ^ v3, 16); v9 += v14; v4 = rotateRight(v4 ^ v9, 12);
    v3 += v4 + m1; v14 = rotateRight(v14 ^ v3, 8); v9 += v14; v4 = rotateRight(v4 ^ v9, 7);

    v0 += v4 + m10; v12 = rotateRight(v12 ^ v0, 16); v8 += v12; v4 = rotateRight(v4 ^ v8, 12);
    v0 += v4 + m7; v12 = rotateRight(v12 ^ v0, 8); v8 += v12; v4 = rotateRight(v4 ^ v8, 7);
    v1 += v5 + m12; v13 = rotateRight(v13 ^ v1, 16); v9 += v13; v5 = rotateRight(v5 ^ v9, 12);
    v1 += v5 + m9; v13 = rotateRight(v13 ^ v1, 8); v9 += v13; v5 = rotateRight(v5 ^ v9, 7);
    v2 += v6 + m14; v14 = rotateRight(v14 ^ v2, 16); v10 += v14; v6 = rotateRight(v6 ^ v10, 12);
    v2 += v6 + m3; v14 = rotateRight(v14 ^ v2, 8); v10 += v14; v6 = rotateRight(v6 ^ v10, 7);
    v3 += v7 + m13; v15 = rotateRight(v15 ^ v3, 16); v11 += v15; v7 = rotateRight(v7 ^ v11, 12);
    v3 += v7 + m15; v15 = rotateRight(v15 ^ v3, 8); v11 += v15; v7 = rotateRight(v7 ^ v11, 7);
    v0 += v5 + m4; v15 = rotateRight(v15 ^ v0, 16); v10 += v15; v5 = rotateRight(v5 ^ v10, 12);
    v0 += v5 + m0; v15 = rotateRight(v15 ^ v0, 8); v10 += v15; v5 = rotateRight(v5 ^ v10, 7);
    v1 += v6 + m11; v12 = rotateRight(v12 ^ v1, 16); v11 += v12; v6 = rotateRight(v6 ^ v11, 12);
    v1 += v6 + m2; v12 = rotateRight(v12 ^ v1, 8); v11 += v12; v6 = rotateRight(v6 ^ v11, 7);
    v2 += v7 + m5; v13 = rotateRight(v13 ^ v2, 16); v8 += v13; v7 = rotateRight(v7 ^ v8, 12);
    v2 += v7 + m8; v13 = rotateRight(v13 ^ v2, 8); v8 += v13; v7 = rotateRight(v7 ^ v8, 7);
    v3 += v4 + m1; v14 = rotateRight(v14 ^ v3, 16); v9 += v14; v4 = rotateRight(v4 ^ v9, 12);
    v3 += v4 + m6; v14 = rotateRight(v14 ^ v3, 8); v9 += v14; v4 = rotateRight(v4 ^ v9, 7);

    v0 += v4 + m12; v12 = rotateRight(v12 ^ v0, 16); v8 += v12; v4 = rotateRight(v4 ^ v8, 12);
    v0 += v4 + m13; v12 = rotateRight(v12 ^ v0, 8); v8 += v12; v4 = rotateRight(v4 ^ v8, 7);
    v1 += v5 + m9; v13 = rotateRight(v13 ^ v1, 16); v9 += v13; v5 = rotateRight(v5 ^ v9, 12);
    v1 += v5 + m11; v13 = rotateRight(v13 ^ v1, 8); v9 += v13; v5 = rotateRight(v5 ^ v9, 7);
    v2 += v6 + m15; v14 = rotateRight(v14 ^ v2, 16); v10 += v14; v6 = rotateRight(v6 ^ v10, 12);
    v2 += v6 + m10; v14 = rotateRight(v14 ^ v2, 8); v10 += v14; v6 = rotateRight(v6 ^ v10, 7);
    v3 += v7 + m14; v15 = rotateRight(v15 ^ v3, 16); v11 += v15; v7 = rotateRight(v7 ^ v11, 12);
    v3 += v7 + m8; v15 = rotateRight(v15 ^ v3, 8); v11 += v15; v7 = rotateRight(v7 ^ v11, 7);
    v0 += v5 + m7; v15 = rotateRight(v15 ^ v0, 16); v10 += v15; v5 = rotateRight(v5 ^ v10, 12);
    v0 += v5 + m2; v15 = rotateRight(v15 ^ v0, 8); v10 += v15; v5 = rotateRight(v5 ^ v10, 7);
    v1 += v6 + m5; v12 = rotateRight(v12 ^ v1, 16); v11 += v12; v6 = rotateRight(v6 ^ v11, 12);
    v1 += v6 + m3; v12 = rotateRight(v12 ^ v1, 8); v11 += v12; v6 = rotateRight(v6 ^ v11, 7);
    v2 += v7 + m0; v13 = rotateRight(v13 ^ v2, 16); v8 += v13; v7 = rotateRight(v7 ^ v8, 12);
    v2 += v7 + m1; v13 = rotateRight(v13 ^ v2, 8); v8 += v13; v7 = rotateRight(v7 ^ v8, 7);
    v3 += v4 + m6; v14 = rotateRight(v14 ^ v3, 16); v9 += v14; v4 = rotateRight(v4 ^ v9, 12);
    v3 += v4 + m4; v14 = rotateRight(v14 ^ v3, 8); v9 += v14; v4 = rotateRight(v4 ^ v9, 7);

    v0 += v4 + m9; v12 = rotateRight(v12 ^ v0, 16); v8 += v12; v4 = rotateRight(v4 ^ v8, 12);
    v0 += v4 + m14; v12 = rotateRight(v12 ^ v0, 8); v8 += v12; v4 = rotateRight(v4 ^ v8, 7);
    v1 += v5 + m11; v13 = rotateRight(v13 ^ v1, 16); v9 += v13; v5 = rotateRight(v5 ^ v9, 12);
    v1 += v5 + m5; v13 = rotateRight(v13 ^ v1, 8); v9 += v13; v5 = rotateRight(v5 ^ v9, 7);
    v2 += v6 + m8; v14 = rotateRight(v14 ^ v2, 16); v10 += v14; v6 = rotateRight(v6 ^ v10, 12);
    v2 += v6 + m12; v14 = rotateRight(v14 ^ v2, 8); v10 += v14; v6 = rotateRight(v6 ^ v10, 7);
    v3 += v7 + m15; v15 = rotateRight(v15 ^ v3, 16); v11 += v15; v7 = rotateRight(v7 ^ v11, 12);
    v3 += v7 + m1; v15 = rotateRight(v15 ^ v3, 8); v11 += v15; v7 = rotateRight(v7 ^ v11, 7);
    v0 += v5 + m13; v15 = rotateRight(v15 ^ v0, 16); v10 += v15; v5 = rotateRight(v5 ^ v10, 12);
    v0 += v5 + m3; v15 = rotateRight(v15 ^ v0, 8); v10 += v15; v5 = rotateRight(v5 ^ v10, 7);
    v1 += v6 + m0; v12 = rotateRight(v12 ^ v1, 16); v11 += v12; v6 = rotateRight(v6 ^ v11, 12);
    v1 += v6 + m10; v12 = rotateRight(v12 ^ v1, 8); v11 += v12; v6 = rotateRight(v6 ^ v11, 7);
    v2 += v7 + m2; v13 = rotateRight(v13 ^ v2, 16); v8 += v13; v7 = rotateRight(v7 ^ v8, 12);
    v2 += v7 + m6; v13 = rotateRight(v13 ^ v2, 8); v8 += v13; v7 = rotateRight(v7 ^ v8, 7);
    v3 += v4 + m4; v14 = rotateRight(v14 ^ v3, 16); v9 += v14; v4 = rotateRight(v4 ^ v9, 12);
    v3 += v4 + m7; v14 = rotateRight(v14 ^ v3, 8); v9 += v14; v4 = rotateRight(v4 ^ v9, 7);

    v0 += v4 + m11; v12 = rotateRight(v12 ^ v0, 16); v8 += v12; v4 = rotateRight(v4 ^ v8, 12);
    v0 += v4 + m15; v12 = rotateRight(v12 ^ v0, 8); v8 += v12; v4 = rotateRight(v4 ^ v8, 7);
    v1 += v5 + m5; v13 = rotateRight(v13 ^ v1, 16); v9 += v13; v5 = rotateRight(v5 ^ v9, 12);
    v1 += v5 + m0; v13 = rotateRight(v13 ^ v1, 8); v9 += v13; v5 = rotateRight(v5 ^ v9, 7);
    v2 += v6 + m1; v14 = rotateRight(v14 ^ v2, 16); v10 += v14; v6 = rotateRight(v6 ^ v10, 12);
    v2 += v6 + m9; v14 = rotateRight(v14 ^ v2, 8); v10 += v14; v6 = rotateRight(v6 ^ v10, 7);
    v3 += v7 + m8; v15 = rotateRight(v15 ^ v3, 16); v11 += v15; v7 = rotateRight(v7 ^ v11, 12);
    v3 += v7 + m6; v15 = rotateRight(v15 ^ v3, 8); v11 += v15; v7 = rotateRight(v7 ^ v11, 7);
    v0 += v5 + m14; v15 = rotateRight(v15 ^ v0, 16); v10 += v15; v5 = rotateRight(v5 ^ v10, 12);
    v0 += v5 + m10; v15 = rotateRight(v15 ^ v0, 8); v10 += v15; v5 = rotateRight(v5 ^ v10, 7);
    v1 += v6 + m2; v12 = rotateRight(v12 ^ v1, 16); v11 += v12; v6 = rotateRight(v6 ^ v11, 12);
    v1 += v6 + m12; v12 = rotateRight(v12 ^ v1, 8); v11 += v12; v6 = rotateRight(v6 ^ v11, 7);
    v2 += v7 + m3; v13 = rotateRight(v13 ^ v2, 16); v8 += v13; v7 = rotateRight(v7 ^ v8, 12);
    v2 += v7 + m4; v13 = rotateRight(v13 ^ v2, 8); v8 += v13; v7 = rotateRight(v7 ^ v8, 7);
    v3 += v4 + m7; v14 = rotateRight(v14 ^ v3, 16); v9 += v14; v4 = rotateRight(v4 ^ v9, 12);
    v3 += v4 + m13; v14 = rotateRight(v14 ^ v3, 8); v9 += v14; v4 = rotateRight(v4 ^ v9, 7);
    out[outOff] = v0 ^ v8;
    out[outOff + 1] = v1 ^ v9;
    out[outOff + 2] = v2 ^ v10;
    out[outOff + 3] = v3 ^ v11;
    out[outOff + 4] = v4 ^ v12;
    out[outOff + 5] = v5 ^ v13;
    out[outOff + 6] = v6 ^ v14;
    out[outOff + 7] = v7 ^ v15;
  }
}
