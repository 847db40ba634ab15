package dev.cairn.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.common.blake3.Blake3Hasher;
import dev.cairn.common.blake3.Blake3Runtime;
import java.nio.charset.StandardCharsets;
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
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks BLAKE3's keyed and key derivation modes, with every kernel this JVM has, against the
 * official vectors and against Commons Codec.
 *
 * <p>Like {@link Blake3ImplementationsTest}, the build runs this class once without and once with
 * {@code jdk.incubator.vector}, so both kernels meet every case.
 */
@DisplayName("BLAKE3 keyed hash and key derivation")
class Blake3KeyedTest {
  private static final HexFormat HEX = HexFormat.of();

  /** The kernels of this JVM, each as a factory of empty plain hashers. */
  static List<Named<Supplier<Blake3Hasher>>> kernels() {
    List<Named<Supplier<Blake3Hasher>>> all = new ArrayList<>();
    all.add(Named.of("scalar", Blake3Hasher::createScalar));
    if (Blake3Runtime.vectorAvailable()) {
      all.add(Named.of("vector", Blake3Hasher::createVector));
    }
    all.add(Named.of("fastest", Blake3Hasher::create));
    return all;
  }

  static Stream<Arguments> kernelsAndVectors() {
    return kernels().stream()
        .flatMap(kernel -> Blake3Vectors.cases().stream().map(c -> Arguments.of(kernel, c.inputLength(), c)));
  }

  static Stream<Arguments> hashesAndVectors() {
    List<Named<Supplier<Blake3Hash>>> all = new ArrayList<>();
    all.add(Named.of("scalar", () -> Blake3Hash.scalar().withKey(Blake3Vectors.key())));
    if (Blake3Runtime.vectorAvailable()) {
      all.add(Named.of("vector", () -> Blake3Hash.vector().withKey(Blake3Vectors.key())));
    }
    all.add(Named.of("fastest", () -> Blake3Hash.keyed(Blake3Vectors.key())));
    return all.stream()
        .flatMap(hash -> Blake3Vectors.cases().stream().map(c -> Arguments.of(hash, c.inputLength(), c)));
  }

  /** Feeds {@code data} to {@code hasher} in pieces of 1 to 2100 bytes and returns the hash in hex. */
  static String inPieces(Blake3Hasher hasher, byte[] data, SplittableRandom random) {
    for (int pos = 0; pos < data.length; ) {
      int piece = Math.min(data.length - pos, 1 + random.nextInt(random.nextBoolean() ? 70 : 2100));
      hasher.update(data, pos, piece);
      pos += piece;
    }
    return finish(hasher);
  }

  private static String finish(Blake3Hasher hasher) {
    byte[] out = new byte[32];
    hasher.finish(out, 0);
    return HEX.formatHex(out);
  }

  static String oneShot(Blake3Hasher hasher, byte[] data) {
    return finish(hasher.update(data, 0, data.length));
  }

  @ParameterizedTest(name = "{0}: {1} bytes")
  @MethodSource("kernelsAndVectors")
  @DisplayName("The official keyed hashes come out one-shot and in odd pieces")
  void keyedVectors(Supplier<Blake3Hasher> kernel, int length, Blake3Vectors.Case vector) {
    byte[] input = Blake3Vectors.input(vector.inputLength());
    Blake3Hasher keyed = kernel.get().newKeyedHasher(Blake3Vectors.key());
    assertThat(oneShot(keyed, input)).isEqualTo(vector.keyedHash());
    assertThat(inPieces(keyed.newHasher(), input, new SplittableRandom(vector.inputLength())))
        .as("in pieces, from a hasher made by newHasher")
        .isEqualTo(vector.keyedHash());
    assertThat(oneShot(keyed.reset(), input)).as("after reset").isEqualTo(vector.keyedHash());
  }

  @ParameterizedTest(name = "{0}: {1} bytes")
  @MethodSource("kernelsAndVectors")
  @DisplayName("The official derived keys come out one-shot and in odd pieces")
  void deriveKeyVectors(Supplier<Blake3Hasher> kernel, int length, Blake3Vectors.Case vector) {
    byte[] input = Blake3Vectors.input(vector.inputLength());
    Blake3Hasher derive = kernel.get().newDeriveKeyHasher(Blake3Vectors.context());
    assertThat(oneShot(derive, input)).isEqualTo(vector.deriveKey());
    assertThat(inPieces(derive.newHasher(), input, new SplittableRandom(~vector.inputLength())))
        .as("in pieces")
        .isEqualTo(vector.deriveKey());
  }

  @ParameterizedTest(name = "{0}: {1} bytes")
  @MethodSource("hashesAndVectors")
  @DisplayName("Blake3Hash.keyed, its new instances and its incremental hashes give the official keyed hashes")
  void keyedContentHash(Supplier<Blake3Hash> keyed, int length, Blake3Vectors.Case vector) {
    byte[] input = Blake3Vectors.input(vector.inputLength());
    Blake3Hash hash = keyed.get();
    assertThat(hash.hash(input).hex()).isEqualTo(vector.keyedHash());
    assertThat(hash.newInstance().hash(input).hex()).as("newInstance keeps the key").isEqualTo(vector.keyedHash());
    ContentHash.Incremental incremental = hash.newInstance().incremental();
    SplittableRandom random = new SplittableRandom(vector.inputLength() + 1);
    for (int pos = 0; pos < input.length; ) {
      int piece = Math.min(input.length - pos, 1 + random.nextInt(3000));
      incremental.update(input, pos, piece);
      pos += piece;
    }
    assertThat(incremental.finish().hex()).as("incremental").isEqualTo(vector.keyedHash());
  }

  @Test
  @DisplayName("Every kernel's keyed hash of every vector input matches, including the vector kernel's")
  void vectorKernelIsKeyed() {
    Blake3Hash vector = Blake3Runtime.vectorAvailable() ? Blake3Hash.vector().withKey(Blake3Vectors.key()) : null;
    Blake3Hash scalar = Blake3Hash.scalar().withKey(Blake3Vectors.key());
    for (Blake3Vectors.Case c : Blake3Vectors.cases()) {
      byte[] input = Blake3Vectors.input(c.inputLength());
      assertThat(scalar.hash(input).hex()).isEqualTo(c.keyedHash());
      if (vector != null) {
        assertThat(vector.implementation()).startsWith("vector (");
        assertThat(vector.hash(input).hex()).as("vector, %d bytes", c.inputLength()).isEqualTo(c.keyedHash());
      }
    }
  }

  @Test
  @DisplayName("The static deriveKey gives the official derived keys")
  void staticDeriveKey() {
    for (Blake3Vectors.Case c : Blake3Vectors.cases()) {
      byte[] derived = Blake3Hasher.deriveKey(Blake3Vectors.context(), Blake3Vectors.input(c.inputLength()));
      assertThat(HEX.formatHex(derived)).as("%d bytes", c.inputLength()).isEqualTo(c.deriveKey());
    }
  }

  @Test
  @DisplayName("The keyed hash is recorded as blake3-keyed-v1, the plain one still as blake3-256")
  void names() {
    Blake3Hash keyed = Blake3Hash.keyed(Blake3Vectors.key());
    assertThat(keyed.name()).isEqualTo("blake3-keyed-v1");
    assertThat(keyed.newInstance().name()).isEqualTo("blake3-keyed-v1");
    assertThat(new Blake3Hash().name()).isEqualTo("blake3-256");
    assertThat(ContentHash.blake3().newInstance().name()).isEqualTo("blake3-256");
  }

  @Test
  @DisplayName("Two keys give two ids for the same bytes, and neither is the plain hash")
  void keysSeparateIds() {
    byte[] input = Blake3Vectors.input(5000);
    byte[] otherKey = Blake3Vectors.key().clone();
    otherKey[31] ^= 1;
    ChunkId first = Blake3Hash.keyed(Blake3Vectors.key()).hash(input);
    ChunkId second = Blake3Hash.keyed(otherKey).hash(input);
    assertThat(first).isNotEqualTo(second).isNotEqualTo(ContentHash.blake3().hash(input));
  }

  @Test
  @DisplayName("Changing the caller's key array afterwards does not change the hash")
  void keyIsCopied() {
    byte[] key = Blake3Vectors.key().clone();
    Blake3Hash hash = Blake3Hash.keyed(key);
    key[0] ^= 1;
    assertThat(hash.hash(Blake3Vectors.input(1)).hex()).isEqualTo(keyedExpected(1));
  }

  @ParameterizedTest(name = "{0} bytes")
  @ValueSource(ints = {0, 1, 16, 31, 33, 64})
  @DisplayName("A key that is not 32 bytes is refused with its length named")
  void wrongKeyLength(int length) {
    byte[] key = new byte[length];
    assertThatThrownBy(() -> Blake3Hash.keyed(key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a BLAKE3 key is 32 bytes, not " + length);
    assertThatThrownBy(() -> Blake3Hasher.createKeyed(key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not " + length);
    assertThatThrownBy(() -> Blake3Hasher.createScalar().newKeyedHasher(key))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not " + length);
  }

  @Test
  @DisplayName("Inputs of several MiB, keyed and derived, match Commons Codec with every kernel")
  void largeInputs() {
    SplittableRandom random = new SplittableRandom(13);
    byte[] key = new byte[32];
    random.nextBytes(key);
    for (int length : new int[] {(1 << 20) + 1025, (3 << 20) - 1}) {
      byte[] data = new byte[length];
      random.nextBytes(data);
      String keyed = HEX.formatHex(Blake3.initKeyedHash(key).update(data).doFinalize(32));
      String derived = HEX.formatHex(
          Blake3.initKeyDerivationFunction("large".getBytes(StandardCharsets.UTF_8)).update(data).doFinalize(32));
      for (Named<Supplier<Blake3Hasher>> kernel : kernels()) {
        assertThat(oneShot(kernel.getPayload().get().newKeyedHasher(key), data)).as(kernel.getName()).isEqualTo(keyed);
        assertThat(inPieces(kernel.getPayload().get().newKeyedHasher(key), data, random))
            .as(kernel.getName() + " in pieces")
            .isEqualTo(keyed);
        assertThat(oneShot(kernel.getPayload().get().newDeriveKeyHasher("large"), data))
            .as(kernel.getName())
            .isEqualTo(derived);
      }
    }
  }

  private static String keyedExpected(int length) {
    return Blake3Vectors.cases().stream()
        .filter(c -> c.inputLength() == length)
        .map(Blake3Vectors.Case::keyedHash)
        .findFirst()
        .orElseThrow();
  }
}
