package dev.cairn.hasher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.Blake3Hash;
import dev.cairn.common.ChunkId;
import dev.cairn.common.ContentHash;
import dev.cairn.hasher.BatchReader.Cut;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The pool's ids are the hash of each chunk's bytes, whatever mix of zeros and data it is given. */
class ChunkHashPoolTest {
  private static final ContentHash HASH = ContentHash.blake3();

  @Property(tries = 200)
  void idsAreTheHashOfEachChunk(@ForAll @IntRange(min = 1, max = 300_000) int length,
      @ForAll @IntRange(min = 0, max = 5) int chunks, @ForAll long seed) {
    Random random = new Random(seed);
    byte[] arena = new byte[length * Math.max(1, chunks)];
    List<Cut> cuts = new ArrayList<>();
    for (int c = 0; c < chunks; c++) {
      int offset = c * length;
      switch (random.nextInt(3)) {
        case 0 -> { } // all zeros
        case 1 -> arena[offset + random.nextInt(length)] = (byte) (1 + random.nextInt(255));
        default -> {
          byte[] data = new byte[length];
          random.nextBytes(data);
          System.arraycopy(data, 0, arena, offset, length);
        }
      }
      cuts.add(new Cut(0, offset, length));
    }
    try (ChunkHashPool pool = new ChunkHashPool(2)) {
      ChunkId[] ids = pool.hashAll(arena, cuts);
      for (int c = 0; c < chunks; c++) {
        assertThat(ids[c]).as("chunk " + c).isEqualTo(HASH.hash(arena, cuts.get(c).offset(), length));
      }
    }
  }

  /** A zero chunk's remembered id belongs to the key it was hashed with, on every thread of the pool. */
  @Example
  void zeroChunkIdsAreKeptApartByKey() {
    byte[] keyA = new byte[32];
    byte[] keyB = new byte[32];
    for (int i = 0; i < 32; i++) {
      keyA[i] = (byte) (1 + i);
      keyB[i] = (byte) (101 + i);
    }
    // Enough zero chunks, and bytes, that the pool's helper threads take some of them.
    int big = 512 << 10;
    byte[] arena = new byte[4 * big + 1000 + 3000];
    new Random(9).nextBytes(arena);
    Arrays.fill(arena, 0, 4 * big + 1000, (byte) 0);
    List<Cut> cuts = new ArrayList<>();
    for (int c = 0; c < 4; c++) {
      cuts.add(new Cut(0, c * big, big));
    }
    cuts.add(new Cut(0, 4 * big, 1000));
    cuts.add(new Cut(0, 4 * big + 1000, 3000));

    try (ChunkHashPool pool = new ChunkHashPool(2)) {
      for (int round = 0; round < 2; round++) {
        assertIdsUnder(pool.hashAll(arena, cuts, Blake3Hash.keyed(keyA)), Blake3Hash.keyed(keyA), arena, cuts);
        assertIdsUnder(pool.hashAll(arena, cuts, Blake3Hash.keyed(keyB)), Blake3Hash.keyed(keyB), arena, cuts);
        assertIdsUnder(pool.hashAll(arena, cuts), HASH, arena, cuts);
      }
      ContentHash a = Blake3Hash.keyed(keyA);
      ChunkId[] underA = pool.hashAll(arena, cuts, a);
      ChunkId[] underB = pool.hashAll(arena, cuts, Blake3Hash.keyed(keyB));
      assertThat(underA[0]).isNotEqualTo(underB[0]).isNotEqualTo(HASH.hash(arena, 0, big));
      assertThat(underA[4]).isNotEqualTo(underB[4]);
      assertThat(pool.hashAll(arena, cuts, a)).as("the same prototype again").containsExactly(underA);
    }
  }

  private static void assertIdsUnder(ChunkId[] ids, ContentHash expected, byte[] arena, List<Cut> cuts) {
    assertThat(ids).hasSameSizeAs(cuts);
    for (int c = 0; c < ids.length; c++) {
      Cut cut = cuts.get(c);
      assertThat(ids[c])
          .as("chunk %d under %s", c, expected.name())
          .isEqualTo(expected.hash(arena, cut.offset(), cut.length()));
    }
  }

  @Property(tries = 100)
  void oneByteAnywhereIsNotZero(@ForAll @IntRange(min = 1, max = 200_000) int length, @ForAll long seed) {
    Random random = new Random(seed);
    byte[] data = new byte[length + 2];
    assertThat(ChunkHashPool.isZero(data, 1, length)).isTrue();
    int at = 1 + random.nextInt(length);
    data[at] = (byte) (1 + random.nextInt(255));
    assertThat(ChunkHashPool.isZero(data, 1, length)).as("a byte at " + at).isFalse();
    data[at] = 0;
    data[0] = 1;
    data[length + 1] = 1;
    assertThat(ChunkHashPool.isZero(data, 1, length)).as("bytes outside the chunk are not its own").isTrue();
  }
}
