package dev.cairn.common;

import static dev.cairn.common.Blake3KeyedTest.inPieces;
import static dev.cairn.common.Blake3KeyedTest.oneShot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.blake3.Blake3Hasher;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.apache.commons.codec.digest.Blake3;
import org.junit.jupiter.api.Named;

/** Compares BLAKE3's keyed and key derivation modes with Commons Codec on random inputs, with every kernel. */
@Label("BLAKE3 keyed hash and key derivation properties")
class Blake3KeyedPropertiesTest {
  private static final HexFormat HEX = HexFormat.of();

  @Property(tries = 120)
  @Label("Random keys, contexts and inputs up to 40 KiB match Commons Codec with every kernel")
  void matchesCommonsCodec(
      @ForAll @Size(32) byte[] key,
      @ForAll String context,
      @ForAll @IntRange(min = 0, max = 40 << 10) int length,
      @ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] data = new byte[length];
    random.nextBytes(data);
    String keyed = HEX.formatHex(Blake3.initKeyedHash(key).update(data).doFinalize(32));
    String derived = HEX.formatHex(
        Blake3.initKeyDerivationFunction(context.getBytes(StandardCharsets.UTF_8)).update(data).doFinalize(32));
    for (Named<Supplier<Blake3Hasher>> kernel : Blake3KeyedTest.kernels()) {
      assertThat(oneShot(kernel.getPayload().get().newKeyedHasher(key), data)).as(kernel.getName()).isEqualTo(keyed);
      assertThat(inPieces(kernel.getPayload().get().newDeriveKeyHasher(context), data, random))
          .as(kernel.getName())
          .isEqualTo(derived);
    }
    assertThat(HEX.formatHex(Blake3Hasher.deriveKey(context, data))).isEqualTo(derived);
  }
}
