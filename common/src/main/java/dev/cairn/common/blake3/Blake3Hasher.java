package dev.cairn.common.blake3;

import static dev.cairn.common.blake3.Blake3Compress.BLOCK_LEN;
import static dev.cairn.common.blake3.Blake3Compress.CHUNK_END;
import static dev.cairn.common.blake3.Blake3Compress.CHUNK_LEN;
import static dev.cairn.common.blake3.Blake3Compress.CHUNK_START;
import static dev.cairn.common.blake3.Blake3Compress.DERIVE_KEY_CONTEXT;
import static dev.cairn.common.blake3.Blake3Compress.DERIVE_KEY_MATERIAL;
import static dev.cairn.common.blake3.Blake3Compress.IV;
import static dev.cairn.common.blake3.Blake3Compress.KEYED_HASH;
import static dev.cairn.common.blake3.Blake3Compress.PARENT;
import static dev.cairn.common.blake3.Blake3Compress.ROOT;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Blake3Hasher computes BLAKE3 with a 32-byte output, over input fed in pieces of any size, in
 * any of BLAKE3's three modes: the plain hash, the keyed hash and key derivation.
 *
 * <p>It builds BLAKE3's tree as the reference hasher does. Up to {@value #MAX_SUBTREE_CHUNKS} whole
 * chunks at a time go to the kernel, which hashes them many at once, one per lane; their chaining
 * values are merged into the largest whole subtrees they form, parents again many at once, and the
 * two children of each subtree join a stack of chaining values that is merged lazily, so that the
 * last node is only known to be the root when {@link #finish} is called.
 *
 * <p>A mode is the eight key words every chunk and every parent starts from, the IV for the plain
 * hash, and the flags ORed into every compression; the kernels take both with each call.
 *
 * <p>Nothing is allocated per block or per chunk: all state lives in arrays made with the hasher.
 * A hasher is not thread-safe; {@link #newHasher()} makes an independent one of the same kind.
 */
public final class Blake3Hasher {
  /** The largest subtree hashed in one go; its chaining values fill {@link #subtree}. */
  static final int MAX_SUBTREE_CHUNKS = 256;
  /**
   * Inputs below 2^64 bytes have fewer than 2^54 chunks, so the stack holds at most one chaining
   * value per level plus the one that waits to be merged.
   */
  private static final int MAX_DEPTH = 54;
  /** Direct buffers are copied to the heap in pieces of this size. */
  private static final int STAGE_LEN = 64 * 1024;

  private Blake3Kernel kernel;
  /** The key words of this hash: the IV, a key, or derive_key's context key. Never written. */
  private final int[] key;
  /** The mode's flags, ORed into every compression. */
  private final int flags;
  private final int[] stack = new int[(MAX_DEPTH + 1) * 8];
  private int stackLen;

  private final int[] chunkCv = new int[8];
  private final byte[] block = new byte[BLOCK_LEN];
  private int blockLen;
  private int blocksDone;
  private long chunkCounter;

  private final int[] subtree = new int[MAX_SUBTREE_CHUNKS * 8];
  private final int[] words = new int[16];
  private final int[] outCv = new int[8];
  private final int[] outBlock = new int[16];
  private long outCounter;
  private int outLen;
  private int outFlags;
  private byte[] stage;

  private Blake3Hasher(Blake3Kernel kernel) {
    this(kernel, IV, 0);
  }

  private Blake3Hasher(Blake3Kernel kernel, int[] key, int flags) {
    this.kernel = kernel;
    this.key = key;
    this.flags = flags;
    reset();
  }

  /** Makes a hasher with the fastest kernel of this JVM, the one {@link Blake3Runtime} names. */
  public static Blake3Hasher create() {
    return new Blake3Hasher(Blake3Runtime.fastest());
  }

  /**
   * Makes a hasher of BLAKE3's keyed mode with the fastest kernel of this JVM.
   *
   * @throws IllegalArgumentException if {@code key} is not 32 bytes long
   */
  public static Blake3Hasher createKeyed(byte[] key) {
    return keyed(Blake3Runtime.fastest(), key);
  }

  /**
   * Makes a hasher of BLAKE3's key derivation mode for {@code context}, with the fastest kernel of
   * this JVM: the key material is what it is fed, and its hash is the derived key.
   */
  public static Blake3Hasher createDeriveKey(String context) {
    return deriveKeyHasher(Blake3Runtime.fastest(), context);
  }

  /**
   * Returns BLAKE3's derive_key of {@code material} for {@code context}: 32 bytes that depend on
   * both and reveal neither.
   */
  public static byte[] deriveKey(String context, byte[] material) {
    byte[] derived = new byte[32];
    createDeriveKey(context).update(material, 0, material.length).finish(derived, 0);
    return derived;
  }

  /** Makes a hasher with the scalar kernel, which runs on any JVM. */
  public static Blake3Hasher createScalar() {
    return new Blake3Hasher(new ScalarKernel());
  }

  /**
   * Makes a hasher with the vector kernel, even on a JVM where it is not the fastest.
   *
   * @throws UnsupportedOperationException if {@link Blake3Runtime#vectorAvailable()} is false
   */
  public static Blake3Hasher createVector() {
    return new Blake3Hasher(Blake3Runtime.vector());
  }

  /** Returns a new, empty hasher of the same kind: the same kernel, mode and key. */
  public Blake3Hasher newHasher() {
    return new Blake3Hasher(kernel.newInstance(), key, flags);
  }

  /**
   * Returns a new, empty hasher with this one's kernel, in keyed mode with {@code key}.
   *
   * @throws IllegalArgumentException if {@code key} is not 32 bytes long
   */
  public Blake3Hasher newKeyedHasher(byte[] key) {
    return keyed(kernel.newInstance(), key);
  }

  /**
   * Returns a new, empty hasher with this one's kernel, in key derivation mode for
   * {@code context}: the UTF-8 bytes of the context, hashed in the context mode, are the key of
   * the hash of the key material fed to it.
   */
  public Blake3Hasher newDeriveKeyHasher(String context) {
    return deriveKeyHasher(kernel.newInstance(), context);
  }

  private static Blake3Hasher keyed(Blake3Kernel kernel, byte[] key) {
    return new Blake3Hasher(kernel, Blake3Compress.keyWords(key), KEYED_HASH);
  }

  /**
   * Makes the material hasher of derive_key for {@code context}. The context's hasher is done with
   * {@code kernel} before the material's hasher gets it, so the two can share its scratch space.
   */
  private static Blake3Hasher deriveKeyHasher(Blake3Kernel kernel, String context) {
    byte[] contextBytes = context.getBytes(StandardCharsets.UTF_8);
    byte[] contextKey = new byte[32];
    new Blake3Hasher(kernel, IV, DERIVE_KEY_CONTEXT)
        .update(contextBytes, 0, contextBytes.length)
        .finish(contextKey, 0);
    return new Blake3Hasher(kernel, Blake3Compress.keyWords(contextKey), DERIVE_KEY_MATERIAL);
  }

  /** Describes this hasher's kernel, for example {@code scalar}. */
  public String implementation() {
    return kernel.description();
  }

  /** Forgets everything fed so far. */
  public Blake3Hasher reset() {
    stackLen = 0;
    startChunk(0);
    return this;
  }

  /** Feeds the remaining bytes of {@code data} without moving its position. */
  public Blake3Hasher update(ByteBuffer data) {
    int pos = data.position();
    int end = data.limit();
    if (data.hasArray()) {
      return update(data.array(), data.arrayOffset() + pos, end - pos);
    }
    if (stage == null) {
      stage = new byte[STAGE_LEN];
    }
    while (pos < end) {
      int n = Math.min(STAGE_LEN, end - pos);
      data.get(pos, stage, 0, n);
      update(stage, 0, n);
      pos += n;
    }
    return this;
  }

  /** Feeds {@code length} bytes of {@code data} from {@code offset}. */
  public Blake3Hasher update(byte[] data, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, data.length);
    int chunkLen = chunkLen();
    if (chunkLen > 0) {
      int take = Math.min(CHUNK_LEN - chunkLen, length);
      chunkUpdate(data, offset, take);
      offset += take;
      length -= take;
      if (length == 0) {
        return this;
      }
      // The chunk is full and more input follows, so it is not the root.
      chunkOutput();
      compressOutput(0, words, 0);
      pushCv(words, 0, chunkCounter);
      startChunk(chunkCounter + 1);
    }
    while (length > CHUNK_LEN) {
      // The whole chunks up to the next whole subtree go to the kernel in one call, so that they
      // fill its lanes. With more than one chunk in the input none of them is the root, so a last
      // chunk that is whole goes too: the stack merges lazily, and finish makes the root.
      int toWhole = MAX_SUBTREE_CHUNKS - (int) (chunkCounter & (MAX_SUBTREE_CHUNKS - 1));
      int chunks = Math.min(length / CHUNK_LEN, toWhole);
      kernel = kernel.settle(chunks);
      kernel.hashChunks(data, offset, chunks, chunkCounter, key, flags, subtree, 0);
      pushGroups(chunks);
      startChunk(chunkCounter + chunks);
      offset += chunks * CHUNK_LEN;
      length -= chunks * CHUNK_LEN;
    }
    if (length > 0) {
      chunkUpdate(data, offset, length);
      // With input in the new chunk, nothing on the stack can be the root any more.
      mergeStack(chunkCounter);
    }
    return this;
  }

  /** Writes the 32-byte hash of everything fed so far to {@code out}; the state stays as it is. */
  public void finish(byte[] out, int offset) {
    Objects.checkFromIndexSize(offset, 32, out.length);
    int n = stackLen;
    if (n == 0 || chunkLen() > 0) {
      chunkOutput();
    } else {
      // An empty chunk after whole subtrees: the top two stack entries are the last parent.
      System.arraycopy(stack, 8 * (n - 2), outBlock, 0, 16);
      parentOutput();
      n -= 2;
    }
    for (; n > 0; n--) {
      compressOutput(0, outBlock, 8);
      System.arraycopy(stack, 8 * (n - 1), outBlock, 0, 8);
      parentOutput();
    }
    compressOutput(ROOT, words, 0);
    Blake3Compress.toBytes(words, 0, out, offset);
  }

  private int chunkLen() {
    return blocksDone * BLOCK_LEN + blockLen;
  }

  private void startChunk(long counter) {
    System.arraycopy(key, 0, chunkCv, 0, 8);
    blockLen = 0;
    blocksDone = 0;
    chunkCounter = counter;
  }

  /** Feeds the current chunk {@code length} bytes, no more than it has room for. */
  private void chunkUpdate(byte[] data, int offset, int length) {
    while (length > 0) {
      if (blockLen == BLOCK_LEN) {
        chunkBlock(block, 0);
        blockLen = 0;
      }
      // The last block of a chunk always waits in the buffer: it is flagged as the chunk's end.
      if (blockLen == 0) {
        for (; length > BLOCK_LEN; offset += BLOCK_LEN, length -= BLOCK_LEN) {
          chunkBlock(data, offset);
        }
      }
      int take = Math.min(BLOCK_LEN - blockLen, length);
      System.arraycopy(data, offset, block, blockLen, take);
      blockLen += take;
      offset += take;
      length -= take;
    }
  }

  private void chunkBlock(byte[] data, int offset) {
    readWords(data, offset, words);
    int blockFlags = flags | (blocksDone == 0 ? CHUNK_START : 0);
    Blake3Compress.compress(chunkCv, 0, words, 0, chunkCounter, BLOCK_LEN, blockFlags, chunkCv, 0);
    blocksDone++;
  }

  private static void readWords(byte[] data, int offset, int[] dst) {
    for (int w = 0; w < 16; w++) {
      dst[w] = Blake3Compress.wordAt(data, offset + 4 * w);
    }
  }

  /**
   * Pushes the chaining values of the {@code chunks} chunks in {@link #subtree} that follow chunk
   * {@link #chunkCounter}: in whole subtrees, largest first, where the chunks are in line with
   * them, else one by one.
   */
  private void pushGroups(int chunks) {
    int at = 0;
    while (at < chunks) {
      long counter = chunkCounter + at;
      int size = Integer.highestOneBit(chunks - at);
      while (size > 1 && (counter & (size - 1)) != 0) {
        size >>>= 1;
      }
      if (size == 1) {
        pushCv(subtree, 8 * at, counter);
      } else {
        pushSubtree(8 * at, size, counter);
      }
      at += size;
    }
  }

  /**
   * Merges the {@code chunks} chaining values from word {@code off} of {@link #subtree}, a whole
   * subtree of two or more chunks from chunk {@code counter}, down to its two children, and pushes
   * them. The subtree may be the whole input, so its own parent could be the root: finish or a
   * later merge joins the children.
   */
  private void pushSubtree(int off, int chunks, long counter) {
    for (int n = chunks; n > 2; n >>>= 1) {
      kernel.hashParents(subtree, off, n / 2, key, flags);
    }
    pushCv(subtree, off, counter);
    pushCv(subtree, off + 8, counter + chunks / 2);
  }

  private void pushCv(int[] cv, int offset, long counter) {
    mergeStack(counter);
    System.arraycopy(cv, offset, stack, 8 * stackLen, 8);
    stackLen++;
  }

  /** Merges the stack down to one entry per one-bit of {@code chunks}, the completed subtrees. */
  private void mergeStack(long chunks) {
    int keep = Long.bitCount(chunks);
    while (stackLen > keep) {
      int left = 8 * (stackLen - 2);
      ScalarKernel.parent(stack, left, left, key, flags);
      stackLen--;
    }
  }

  /** Makes the current chunk's last block the pending output. */
  private void chunkOutput() {
    System.arraycopy(chunkCv, 0, outCv, 0, 8);
    Arrays.fill(block, blockLen, BLOCK_LEN, (byte) 0);
    readWords(block, 0, outBlock);
    outCounter = chunkCounter;
    outLen = blockLen;
    outFlags = flags | (blocksDone == 0 ? CHUNK_START : 0) | CHUNK_END;
  }

  /** Makes the parent whose children wait in the pending block the pending output. */
  private void parentOutput() {
    System.arraycopy(key, 0, outCv, 0, 8);
    outCounter = 0;
    outLen = BLOCK_LEN;
    outFlags = flags | PARENT;
  }

  /** Compresses the pending output, with {@code extraFlags}, to eight words at {@code dst}. */
  private void compressOutput(int extraFlags, int[] dst, int dstOff) {
    long counter = (extraFlags & ROOT) != 0 ? 0 : outCounter;
    Blake3Compress.compress(outCv, 0, outBlock, 0, counter, outLen, outFlags | extraFlags, dst, dstOff);
  }
}
