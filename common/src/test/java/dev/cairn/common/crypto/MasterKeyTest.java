package dev.cairn.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("MasterKey")
class MasterKeyTest {
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] run(int from, int to) {
    byte[] bytes = new byte[to - from + 1];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (from + i);
    }
    return bytes;
  }

  private static byte[] repeat(int value, int count) {
    byte[] bytes = new byte[count];
    java.util.Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  @Test
  @DisplayName("HKDF-SHA256 gives RFC 5869 test case 1 (A.1)")
  void rfc5869Case1() {
    byte[] okm = MasterKey.hkdf(run(0x00, 0x0c), repeat(0x0b, 22), run(0xf0, 0xf9), 42);
    assertThat(HEX.formatHex(okm)).isEqualTo(
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  }

  @Test
  @DisplayName("HKDF-SHA256 gives RFC 5869 test case 2 (A.2): long inputs, three expand rounds")
  void rfc5869Case2() {
    byte[] okm = MasterKey.hkdf(run(0x60, 0xaf), run(0x00, 0x4f), run(0xb0, 0xff), 82);
    assertThat(HEX.formatHex(okm)).isEqualTo(
        "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
            + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
            + "cc30c58179ec3e87c14c01d5c1f3434f1d87");
  }

  @Test
  @DisplayName("HKDF-SHA256 gives RFC 5869 test case 3 (A.3): no salt, no info")
  void rfc5869Case3() {
    String expected = "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8";
    assertThat(HEX.formatHex(MasterKey.hkdf(new byte[0], repeat(0x0b, 22), new byte[0], 42))).isEqualTo(expected);
    // The form derive() uses: an empty salt.
    assertThat(HEX.formatHex(MasterKey.hkdf(repeat(0x0b, 22), new byte[0], 42))).isEqualTo(expected);
  }

  @Test
  @DisplayName("HKDF-SHA256 refuses more than 255 blocks of output, which its one-byte counter cannot number")
  void hkdfLengthBound() {
    assertThat(MasterKey.hkdf(new byte[32], new byte[0], 255 * 32)).hasSize(8160);
    assertThatIllegalArgumentException().isThrownBy(() -> MasterKey.hkdf(new byte[32], new byte[0], 255 * 32 + 1))
        .withMessage("HKDF-SHA256 gives 0 to 8160 bytes, not 8161");
  }

  @Test
  @DisplayName("Each purpose gets its own key, the same for the same master key and a different one for another")
  void purposesGetTheirOwnKeys() {
    MasterKey key = MasterKey.generate();
    MasterKey same = MasterKey.of(key.bytes());
    String[] purposes = {MasterKey.CIPHER, MasterKey.IDS, MasterKey.CHUNKER, MasterKey.CONFIG};
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (String purpose : purposes) {
      byte[] derived = key.derive(purpose);
      assertThat(derived).hasSize(MasterKey.LENGTH).isEqualTo(same.derive(purpose))
          .isEqualTo(MasterKey.hkdf(key.bytes(), purpose.getBytes(StandardCharsets.UTF_8), 32));
      assertThat(seen.add(HEX.formatHex(derived))).isTrue();
    }
    assertThat(MasterKey.generate().derive(MasterKey.CIPHER)).isNotEqualTo(key.derive(MasterKey.CIPHER));
  }

  @Test
  @DisplayName("A master key of the wrong length is refused, and of() keeps its own copy")
  void wrongLengthRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> MasterKey.of(new byte[31]))
        .withMessage("a master key is 32 bytes, got 31");
    byte[] bytes = repeat(7, 32);
    MasterKey key = MasterKey.of(bytes);
    bytes[0] = 0;
    assertThat(key.bytes()).isEqualTo(repeat(7, 32));
  }
}
