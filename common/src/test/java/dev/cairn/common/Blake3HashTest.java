package dev.cairn.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Blake3Hash")
class Blake3HashTest {
  static Stream<Arguments> vectors() {
    return Blake3Vectors.cases().stream().map(c -> Arguments.of(c.inputLength(), c.hash()));
  }

  private static byte[] vectorInput(int length) {
    return Blake3Vectors.input(length);
  }

  @ParameterizedTest(name = "{0} input bytes hash to {1}")
  @MethodSource("vectors")
  @DisplayName("Hashing the official test inputs gives the official 32-byte hashes")
  void officialVectors(int inputLength, String expectedHex) {
    ContentHash hash = ContentHash.blake3();
    byte[] input = vectorInput(inputLength);
    assertThat(hash.hash(input).hex()).isEqualTo(expectedHex);
    assertThat(hash.incremental().update(input, 0, input.length).finish().hex())
        .isEqualTo(expectedHex);
  }

  @Test
  @DisplayName("The vector file holds every case, from empty input past 100 KiB")
  void vectorFileIsWhole() {
    assertThat(Blake3Vectors.cases().stream().map(Blake3Vectors.Case::inputLength))
        .hasSize(35)
        .contains(0, 1, 1024, 1025, 102400);
  }

  @Test
  @DisplayName("The hash is recorded as blake3-256")
  void name() {
    assertThat(ContentHash.blake3().name()).isEqualTo("blake3-256");
  }

  @Test
  @DisplayName("One instance hashes many inputs without carrying state between them")
  void instanceIsReusable() {
    ContentHash hash = ContentHash.blake3();
    byte[] a = vectorInput(5000);
    ChunkId first = hash.hash(a);
    hash.hash(vectorInput(77));
    assertThat(hash.hash(a)).isEqualTo(first);
    assertThat(hash.newInstance().hash(a)).isEqualTo(first);
    assertThat(hash.hash(a, 1000, 64)).isEqualTo(hash.hash(Arrays.copyOfRange(a, 1000, 1064)));
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  @DisplayName("Feeding the input in random-sized pieces gives the one-shot id")
  void incrementalMatchesOneShot(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] input = new byte[random.nextInt(300_000)];
    random.nextBytes(input);
    ContentHash hash = ContentHash.blake3();
    ContentHash.Incremental incremental = hash.incremental();
    for (int pos = 0; pos < input.length; ) {
      int piece = Math.min(input.length - pos, random.nextInt(random.nextBoolean() ? 70 : 20_000));
      incremental.update(input, pos, piece);
      pos += piece;
    }
    assertThat(incremental.finish()).isEqualTo(hash.hash(input));
  }

  @Test
  @DisplayName("Two incremental hashes in flight do not disturb each other")
  void incrementalsAreIndependent() {
    ContentHash hash = ContentHash.blake3();
    byte[] a = vectorInput(3000);
    byte[] b = vectorInput(1025);
    ContentHash.Incremental first = hash.incremental().update(a, 0, 1500);
    ContentHash.Incremental second = hash.incremental().update(b, 0, b.length);
    first.update(a, 1500, 1500);
    assertThat(first.finish()).isEqualTo(hash.hash(a));
    assertThat(second.finish()).isEqualTo(hash.hash(b));
  }

  @Test
  @DisplayName("A direct buffer hashes its remaining bytes and keeps its position")
  void directBuffer() {
    byte[] input = vectorInput(102400);
    ByteBuffer direct = ByteBuffer.allocateDirect(input.length + 100);
    direct.position(100);
    direct.put(input).flip().position(100);
    ChunkId id = ContentHash.blake3().hash(direct);
    assertThat(id.hex()).isEqualTo(expected(102400));
    assertThat(direct.position()).isEqualTo(100);
    assertThat(direct.remaining()).isEqualTo(input.length);
  }

  @Test
  @DisplayName("A heap buffer that is a slice of a larger array hashes only its remaining bytes")
  void slicedHeapBuffer() {
    byte[] padded = new byte[1000 + 8192 + 50];
    System.arraycopy(vectorInput(8192), 0, padded, 1000, 8192);
    ByteBuffer slice = ByteBuffer.wrap(padded).position(990).slice().position(10).limit(10 + 8192);
    assertThat(ContentHash.blake3().hash(slice).hex()).isEqualTo(expected(8192));
    assertThat(slice.position()).isEqualTo(10);
  }

  private static String expected(int inputLength) {
    return Blake3Vectors.expected(inputLength);
  }
}
