package dev.cairn.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The vector is test case 16 of McGrew and Viega's GCM specification (the AES-256 one with a
 * 96-bit IV and associated data), as NIST SP 800-38D's validation vectors restate it.
 */
@DisplayName("Aead")
class AeadTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] KEY = HEX.parseHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
  private static final byte[] NONCE = HEX.parseHex("cafebabefacedbaddecaf888");
  private static final byte[] AD = HEX.parseHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
  private static final byte[] PLAIN = HEX.parseHex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d"
      + "8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
  private static final String CIPHERTEXT = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd"
      + "2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662";
  private static final String TAG = "76fc6ece0f4e1768cddf8853bb2d551b";
  private static final String SEALED = "cafebabefacedbaddecaf888" + CIPHERTEXT + TAG;

  /**
   * Seals under the vector's nonce. The JDK refuses two encryptions in a row under one key and
   * nonce, a guard against nonce reuse; a seal under a random nonce first clears it.
   */
  private static byte[] sealWithVectorNonce(Aead aead, byte[] head, ByteBuffer body) {
    aead.seal(new byte[0], new byte[1]);
    return aead.seal(NONCE, AD, head, body);
  }

  @Test
  @DisplayName("Sealing gives the published AES-256-GCM vector framed as nonce | ciphertext | tag")
  void sealMatchesVector() {
    Aead aead = new Aead(KEY);
    assertThat(HEX.formatHex(sealWithVectorNonce(aead, null, ByteBuffer.wrap(PLAIN)))).isEqualTo(SEALED);
  }

  @Test
  @DisplayName("A head sealed apart from its body gives the same bytes as one string, wherever it splits")
  void headAndBodyMatchVector() {
    Aead aead = new Aead(KEY);
    for (int split : new int[] {0, 1, 15, 16, 17, 59, 60}) {
      byte[] head = Arrays.copyOf(PLAIN, split);
      ByteBuffer body = ByteBuffer.wrap(PLAIN, split, PLAIN.length - split);
      assertThat(HEX.formatHex(sealWithVectorNonce(aead, head, body))).as("split at %d", split).isEqualTo(SEALED);
      assertThat(body.position()).isEqualTo(split);
    }
    ByteBuffer direct = ByteBuffer.allocateDirect(PLAIN.length).put(PLAIN).flip();
    assertThat(HEX.formatHex(sealWithVectorNonce(aead, null, direct))).isEqualTo(SEALED);
  }

  @Test
  @DisplayName("Opening the published vector gives its plain text")
  void openMatchesVector() {
    assertThat(new Aead(KEY).open(AD, HEX.parseHex(SEALED), "vector")).isEqualTo(PLAIN);
  }

  @Test
  @DisplayName("Opening with other associated data, another key or a changed tag fails as Damaged, naming the string")
  void tamperedVectorIsDamaged() {
    byte[] sealed = HEX.parseHex(SEALED);
    byte[] otherAd = AD.clone();
    otherAd[19] ^= 1;
    assertThatThrownBy(() -> new Aead(KEY).open(otherAd, sealed, "vector")).isInstanceOf(Damaged.class)
        .hasMessage("vector failed authentication: it was damaged or altered, or belongs elsewhere");
    byte[] otherKey = KEY.clone();
    otherKey[0] ^= 1;
    assertThatThrownBy(() -> new Aead(otherKey).open(AD, sealed, "vector")).isInstanceOf(Damaged.class);
    byte[] changedTag = sealed.clone();
    changedTag[changedTag.length - 1] ^= (byte) 0x80;
    assertThatThrownBy(() -> new Aead(KEY).open(AD, changedTag, "vector")).isInstanceOf(Damaged.class);
  }

  @Test
  @DisplayName("A string shorter than nonce and tag is Damaged as truncated")
  void tooShortIsTruncated() {
    assertThatThrownBy(() -> new Aead(KEY).open(AD, new byte[27], "index 1a2b"))
        .isInstanceOf(Damaged.class)
        .hasMessage("index 1a2b is truncated (27 bytes, less than a sealed string's 28)");
  }

  @Test
  @DisplayName("Random nonces: one plain text sealed twice gives two stored forms that both open")
  void randomNonces() {
    Aead aead = new Aead(KEY);
    byte[] first = aead.seal(AD, PLAIN);
    byte[] second = aead.seal(AD, PLAIN);
    assertThat(first).hasSize(PLAIN.length + Aead.OVERHEAD).isNotEqualTo(second);
    assertThat(aead.open(AD, first, "x")).isEqualTo(PLAIN);
    assertThat(aead.open(AD, second, "x")).isEqualTo(PLAIN);
  }

  @Test
  @DisplayName("Keys other than 32 bytes and nonces other than 12 are refused")
  void wrongLengthsRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> new Aead(new byte[16]))
        .withMessage("an AES-256 key is 32 bytes, got 16");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new Aead(KEY).seal(new byte[16], AD, null, ByteBuffer.wrap(PLAIN)));
  }
}
