package dev.cairn.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("ChunkId")
class ChunkIdTest {
  private static final String HEX =
      "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262";
  private static final String SHORT_BY_ONE =
      "f1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262";

  private static ChunkId withFirstByte(int first) {
    byte[] bytes = new byte[ChunkId.LENGTH];
    bytes[0] = (byte) first;
    return ChunkId.of(bytes);
  }

  @Test
  @DisplayName("The hex form parses back to the same id and bytes")
  void hexRoundTrip() {
    SplittableRandom random = new SplittableRandom(17);
    for (int i = 0; i < 100; i++) {
      byte[] bytes = new byte[ChunkId.LENGTH];
      random.nextBytes(bytes);
      ChunkId id = ChunkId.of(bytes);
      String hex = id.hex();
      assertThat(hex).hasSize(64).matches("[0-9a-f]{64}");
      assertThat(ChunkId.isHex(hex)).isTrue();
      assertThat(ChunkId.fromHex(hex)).isEqualTo(id);
      assertThat(ChunkId.fromHex(hex).toBytes()).isEqualTo(bytes);
      assertThat(id.toString()).isEqualTo(hex);
    }
    assertThat(ChunkId.fromHex(HEX).hex()).isEqualTo(HEX);
  }

  @Test
  @DisplayName("The short form is the first 8 hex characters")
  void shortForm() {
    ChunkId id = ChunkId.fromHex(HEX);
    assertThat(id.shortHex()).hasSize(ChunkId.SHORT_HEX_LENGTH).isEqualTo("af1349b9");
    assertThat(id.hex()).startsWith(id.shortHex());
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "af", HEX + "0", SHORT_BY_ONE})
  @DisplayName("Hex of the wrong length is rejected")
  void rejectsBadLength(String hex) {
    assertThatThrownBy(() -> ChunkId.fromHex(hex)).isInstanceOf(IllegalArgumentException.class);
    assertThat(ChunkId.isHex(hex)).isFalse();
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"g", "-", " ", "x", "\u00e9"})
  @DisplayName("Hex with a character that is not a hex digit is rejected")
  void rejectsBadCharacters(String bad) {
    String hex = HEX.substring(0, 20) + bad + HEX.substring(21);
    assertThat(hex).hasSize(64);
    assertThatThrownBy(() -> ChunkId.fromHex(hex)).isInstanceOf(IllegalArgumentException.class);
    assertThat(ChunkId.isHex(hex)).isFalse();
  }

  @Test
  @DisplayName("Raw bytes of the wrong length are rejected, and the id keeps its own copy")
  void ofBytes() {
    assertThatIllegalArgumentException().isThrownBy(() -> ChunkId.of(new byte[31]));
    assertThatIllegalArgumentException().isThrownBy(() -> ChunkId.of(new byte[33]));
    assertThatIllegalArgumentException().isThrownBy(() -> ChunkId.of(new byte[40], 9));

    byte[] src = new byte[40];
    Arrays.fill(src, (byte) 7);
    ChunkId id = ChunkId.of(src, 8);
    src[8] = 0;
    assertThat(id.byteAt(0)).isEqualTo((byte) 7);
    byte[] sevens = new byte[33];
    Arrays.fill(sevens, 1, 33, (byte) 7);
    assertThat(id.equalsAt(sevens, 1)).isTrue();
    assertThat(id.equalsAt(sevens, 0)).isFalse();
    byte[] out = new byte[34];
    id.copyTo(out, 2);
    assertThat(Arrays.copyOfRange(out, 2, 34)).isEqualTo(id.toBytes());
  }

  @Test
  @DisplayName("Ids with the same bytes are equal and hash alike; different bytes are not equal")
  void equality() {
    ChunkId a = ChunkId.fromHex(HEX);
    ChunkId b = ChunkId.of(a.toBytes());
    byte[] last = a.toBytes();
    last[31] ^= 1;
    ChunkId c = ChunkId.of(last);
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).isNotEqualTo(c).isNotEqualTo(HEX);
    assertThat(a.compareTo(b)).isZero();
    assertThat(a.compareTo(c)).isNotZero();
  }

  @Test
  @DisplayName("Ids order by their bytes as unsigned numbers")
  void unsignedOrder() {
    ChunkId zero = withFirstByte(0x00);
    ChunkId low = withFirstByte(0x7f);
    ChunkId high = withFirstByte(0x80);
    ChunkId top = withFirstByte(0xff);
    assertThat(low).isLessThan(high);
    assertThat(high).isLessThan(top);
    assertThat(top.compareTo(zero)).isPositive();
    assertThat(zero.compareTo(top)).isNegative();

    List<ChunkId> ids = new ArrayList<>(List.of(top, zero, high, low));
    ids.sort(null);
    assertThat(ids).containsExactly(zero, low, high, top);
    assertThat(ids.stream().map(ChunkId::hex).toList()).isSorted();
  }
}
