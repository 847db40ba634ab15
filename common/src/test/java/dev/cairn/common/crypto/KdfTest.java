package dev.cairn.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The vectors: RFC 9106 section 5.3 (Argon2id with a secret and associated data, which Kdf does
 * not use, so it checks the library call), and for Kdf itself outputs of the reference
 * implementation's command line ({@code argon2} 0~20171227, Debian 12), e.g. {@code printf
 * password | argon2 somesalt -id -t 2 -k 256 -p 1 -l 32 -r}.
 */
@DisplayName("Kdf")
class KdfTest {
  private static final HexFormat HEX = HexFormat.of();

  private static byte[] repeat(int value, int count) {
    byte[] bytes = new byte[count];
    Arrays.fill(bytes, (byte) value);
    return bytes;
  }

  @Test
  @DisplayName("BouncyCastle's Argon2id, called as Kdf calls it, gives the RFC 9106 section 5.3 tag")
  void rfc9106Argon2id() {
    Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(32).withIterations(3).withParallelism(4)
        .withSalt(repeat(2, 16)).withSecret(repeat(3, 8)).withAdditional(repeat(4, 12)).build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] tag = new byte[32];
    generator.generateBytes(repeat(1, 32), tag);
    assertThat(HEX.formatHex(tag)).isEqualTo("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659");
  }

  @Test
  @DisplayName("Kdf gives the reference Argon2id for the RFC 9106 parameters without secret and associated data")
  void rfcParametersWithoutSecret() {
    char[] password = new char[32];
    Arrays.fill(password, '\u0001');
    byte[] key = new Kdf(32, 3, 4, repeat(2, 16)).derive(password);
    assertThat(HEX.formatHex(key)).isEqualTo("03aab965c12001c9d7d0d2de33192c0494b684bb148196d73c1df1acaf6d0c2e");
  }

  @Test
  @DisplayName("Kdf gives the reference Argon2id of 'password' and 'somesalt' (m=256 KiB, t=2, p=1)")
  void referencePassword() {
    byte[] key = new Kdf(256, 2, 1, "somesalt".getBytes(StandardCharsets.US_ASCII)).derive("password".toCharArray());
    assertThat(HEX.formatHex(key)).isEqualTo("9dfeb910e80bad0311fee20f9c0e2b12c17987b4cac90c2ef54d5b3021c68bfe");
  }

  @Test
  @DisplayName("Kdf encodes a password as UTF-8, so a non-ASCII password gives the reference output")
  void utf8Password() {
    byte[] key = new Kdf(64, 3, 1, "somesalt".getBytes(StandardCharsets.US_ASCII)).derive("pässwörd €".toCharArray());
    assertThat(HEX.formatHex(key)).isEqualTo("f9f2671fc49b09dce8ccba34a2b41e302ac456e2d08287f699d807c392f62d8e");
  }

  @Test
  @DisplayName("Parameters beyond the bounds are refused before any memory is spent, naming what is wrong")
  void boundsRefused() {
    byte[] salt = new byte[16];
    assertThatIllegalArgumentException().isThrownBy(() -> new Kdf(8 << 20, 3, 1, salt))
        .withMessageContaining("memory of 8388608 KiB");
    assertThatIllegalArgumentException().isThrownBy(() -> new Kdf((256 << 10) + 1, 1, 1, salt))
        .withMessageContaining("memory of 262145 KiB");
    assertThatIllegalArgumentException().isThrownBy(() -> new Kdf(256 << 10, 64, 1, salt))
        .withMessageContaining("more work than a key may ask");
    assertThat(new Kdf(256 << 10, 24, 1, salt).memoryKiB()).isEqualTo(256 << 10);
    assertThatIllegalArgumentException().isThrownBy(() -> new Kdf(31, 3, 4, salt))
        .withMessageContaining("memory of 31 KiB");
    assertThatIllegalArgumentException().isThrownBy(() -> new Kdf(1024, 1000, 1, salt))
        .withMessageContaining("passes (iterations) 1000");
    assertThatIllegalArgumentException().isThrownBy(() -> new Kdf(1024, 0, 1, salt))
        .withMessageContaining("passes (iterations) 0");
    assertThatIllegalArgumentException().isThrownBy(() -> new Kdf(1024, 1, 17, salt))
        .withMessageContaining("lanes 17");
    assertThatIllegalArgumentException().isThrownBy(() -> new Kdf(1024, 1, 1, new byte[7]))
        .withMessageContaining("salt of 7 bytes");
  }

  @Test
  @DisplayName("The salt is copied in and out: changing either array changes no key")
  void saltCopied() {
    byte[] salt = repeat(5, 16);
    Kdf kdf = new Kdf(64, 1, 1, salt);
    byte[] before = kdf.derive("pw".toCharArray());
    salt[0] = 0;
    kdf.salt()[1] = 0;
    assertThat(kdf.derive("pw".toCharArray())).isEqualTo(before);
  }
}
