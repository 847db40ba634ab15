package dev.cairn.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.cairn.common.blake3.Blake3Runtime;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.Blake3;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every BLAKE3 kernel this JVM has against the official vectors and against Commons Codec.
 *
 * <p>The build runs this class once without and once with {@code jdk.incubator.vector}; the
 * second run sets {@code cairn.test.vector=true}, so that a vector kernel that fails to load fails
 * the build instead of skipping its half of the cases.
 */
@DisplayName("Every BLAKE3 implementation")
class Blake3ImplementationsTest {
  private static final HexFormat HEX = HexFormat.of();

  static Stream<Named<Supplier<Blake3Hash>>> implementations() {
    List<Named<Supplier<Blake3Hash>>> all = new ArrayList<>();
    all.add(Named.of("scalar", Blake3Hash::scalar));
    if (Blake3Runtime.vectorAvailable()) {
      all.add(Named.of("vector", Blake3Hash::vector));
    }
    return all.stream();
  }

  static Stream<Arguments> implementationsAndVectors() {
    return implementations()
        .flatMap(impl -> Blake3Vectors.cases().stream().map(c -> Arguments.of(impl, c.inputLength(), c.hash())));
  }

  private static String oracle(byte[] data, int offset, int length) {
    return HEX.formatHex(Blake3.initHash().update(data, offset, length).doFinalize(32));
  }

  /** Hashes the range every way the interface allows and checks each result against {@code expected}. */
  private static void assertAllWays(
      Blake3Hash hash, byte[] data, int offset, int length, String expected, SplittableRandom random) {
    assertThat(hash.hash(data, offset, length).hex()).as("one-shot of %d bytes", length).isEqualTo(expected);
    assertThat(hash.hash(ByteBuffer.wrap(data, offset, length)).hex()).as("heap buffer").isEqualTo(expected);
    ByteBuffer direct = ByteBuffer.allocateDirect(length + 3);
    direct.position(3);
    direct.put(data, offset, length).position(3);
    assertThat(hash.hash(direct).hex()).as("direct buffer").isEqualTo(expected);
    assertThat(direct.position()).isEqualTo(3);
    ContentHash.Incremental incremental = hash.incremental();
    for (int pos = 0; pos < length; ) {
      int bound = switch (random.nextInt(3)) {
        case 0 -> 70;
        case 1 -> 2100;
        default -> 300_000;
      };
      int piece = Math.min(length - pos, random.nextInt(bound));
      incremental.update(data, offset + pos, piece);
      pos += piece;
    }
    assertThat(incremental.finish().hex()).as("incremental").isEqualTo(expected);
  }

  @Test
  @DisplayName("The vector kernel loads whenever the build runs with jdk.incubator.vector")
  void vectorKernelLoadsWhenExpected() {
    assumeThat(Boolean.getBoolean("cairn.test.vector")).as("a run with the vector module").isTrue();
    assertThat(Blake3Runtime.vectorAvailable()).isTrue();
    assertThat(Blake3Hash.vector().implementation()).startsWith("vector (IntVector ");
  }

  @Test
  @DisplayName("ContentHash.blake3() uses the kernel Blake3Runtime names, vector wherever the module is")
  void fastestIsNamed() {
    String chosen = Blake3Runtime.implementation();
    assertThat(chosen)
        .startsWith(((Blake3Hash) ContentHash.blake3()).implementation())
        .startsWith(((Blake3Hash) ContentHash.blake3().newInstance()).implementation());
    boolean vectorExpected =
        Blake3Runtime.vectorAvailable() && !"false".equals(System.getProperty("cairn.blake3.vector"));
    assertThat(chosen).startsWith(vectorExpected ? "vector (" : "scalar (");
  }

  @ParameterizedTest(name = "{0}: {1} bytes")
  @MethodSource("implementationsAndVectors")
  @DisplayName("The official vectors hash right one-shot, from buffers and in random pieces")
  void officialVectors(Supplier<Blake3Hash> implementation, int length, String expected) {
    byte[] padded = new byte[length + 7];
    System.arraycopy(Blake3Vectors.input(length), 0, padded, 5, length);
    assertAllWays(implementation.get(), padded, 5, length, expected, new SplittableRandom(length));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("implementations")
  @DisplayName("Random inputs up to 20 KiB at odd offsets match Commons Codec")
  void randomLengths(Supplier<Blake3Hash> implementation) {
    SplittableRandom random = new SplittableRandom(42);
    Blake3Hash hash = implementation.get();
    byte[] data = new byte[21 << 10];
    for (int i = 0; i < 150; i++) {
      random.nextBytes(data);
      int length = random.nextInt(20 << 10);
      int offset = random.nextInt(data.length - length + 1);
      assertAllWays(hash, data, offset, length, oracle(data, offset, length), random);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("implementations")
  @DisplayName("Lengths one byte either side of block, chunk and subtree sizes match Commons Codec")
  void boundaryLengths(Supplier<Blake3Hash> implementation) {
    SplittableRandom random = new SplittableRandom(7);
    Blake3Hash hash = implementation.get();
    List<Integer> lengths = new ArrayList<>();
    for (int k = 1; k <= 40; k++) {
      lengths.addAll(List.of(64 * k - 1, 64 * k, 64 * k + 1, 1024 * k - 1, 1024 * k, 1024 * k + 1));
    }
    for (int kib : new int[] {63, 64, 65, 127, 128, 129, 255, 256, 257, 511, 512, 513, 1024}) {
      lengths.addAll(List.of(1024 * kib - 1, 1024 * kib, 1024 * kib + 1));
    }
    byte[] data = new byte[1024 * 1024 + 9];
    random.nextBytes(data);
    for (int length : lengths) {
      int offset = 1 + random.nextInt(7);
      assertAllWays(hash, data, offset, length, oracle(data, offset, length), random);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("implementations")
  @DisplayName("Inputs of several MiB match Commons Codec, whole and in random pieces")
  void largeInputs(Supplier<Blake3Hash> implementation) {
    SplittableRandom random = new SplittableRandom(99);
    Blake3Hash hash = implementation.get();
    byte[] data = new byte[(9 << 20) + 11];
    random.nextBytes(data);
    for (int length : new int[] {4 << 20, (3 << 20) + 1023, (9 << 20) + 1}) {
      int offset = 10 - length % 3;
      assertAllWays(hash, data, offset, length, oracle(data, offset, length), random);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("implementations")
  @DisplayName("A large input fed one small piece at a time matches Commons Codec")
  void tinyPieces(Supplier<Blake3Hash> implementation) {
    SplittableRandom random = new SplittableRandom(5);
    byte[] data = new byte[300_001];
    random.nextBytes(data);
    ContentHash.Incremental incremental = implementation.get().incremental();
    for (int pos = 0; pos < data.length; ) {
      int piece = Math.min(data.length - pos, 1 + random.nextInt(150));
      incremental.update(data, pos, piece);
      pos += piece;
    }
    assertThat(incremental.finish().hex()).isEqualTo(oracle(data, 0, data.length));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("implementations")
  @DisplayName("finish does not end an incremental hash: more input can follow")
  void finishThenContinue(Supplier<Blake3Hash> implementation) {
    byte[] data = Blake3Vectors.input(40_000);
    for (int cut : new int[] {0, 1, 1024, 5000, 16384, 16385, 40_000}) {
      ContentHash.Incremental incremental = implementation.get().incremental();
      incremental.update(data, 0, cut);
      assertThat(incremental.finish().hex()).isEqualTo(oracle(data, 0, cut));
      incremental.update(data, cut, data.length - cut);
      assertThat(incremental.finish().hex()).isEqualTo(oracle(data, 0, data.length));
    }
  }
}
