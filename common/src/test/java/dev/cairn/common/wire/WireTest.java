package dev.cairn.common.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.cairn.common.ChunkId;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The wire format")
class WireTest {
  private static final ChunkId ID = ChunkId.fromHex("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");

  @Test
  @DisplayName("gives back absent strings, byte arrays and ids as absent, and empty ones as empty")
  void absentValues() {
    byte[] wire = new WireOut().str(null).str("").bytes(null).bytes(new byte[0]).id(null).id(ID).str("zoë")
        .buffer().getBytes();

    WireIn in = new WireIn(wire);
    assertThat(in.str()).isNull();
    assertThat(in.str()).isEmpty();
    assertThat(in.bytes()).isNull();
    assertThat(in.bytes()).isEmpty();
    assertThat(in.id()).isNull();
    assertThat(in.id()).isEqualTo(ID);
    assertThat(in.str()).isEqualTo("zoë");
    assertThat(in.atEnd()).isTrue();
  }

  @Test
  @DisplayName("gives back every field in the order written, including extreme numbers")
  void fieldsInOrder() {
    byte[] raw = {0, (byte) 0xff, '/', (byte) 0x80};
    Buffer buffer = new WireOut().bool(true).bool(false).u8(255).i32(Integer.MIN_VALUE).i64(Long.MAX_VALUE)
        .bytes(raw).list(List.of("a", "", "ü"), WireOut::str).list(List.of(), WireOut::str).buffer();

    WireIn in = new WireIn(buffer, 0);
    assertThat(in.bool()).isTrue();
    assertThat(in.bool()).isFalse();
    assertThat(in.u8()).isEqualTo(255);
    assertThat(in.i32()).isEqualTo(Integer.MIN_VALUE);
    assertThat(in.i64()).isEqualTo(Long.MAX_VALUE);
    assertThat(in.bytes()).containsExactly(raw);
    assertThat(in.list(WireIn::str)).containsExactly("a", "", "ü");
    assertThat(in.list(WireIn::str)).isEmpty();
    assertThat(in.position()).isEqualTo(buffer.length());
  }

  @Test
  @DisplayName("writes numbers big-endian with lengths first, so nodes agree on the layout")
  void layout() {
    byte[] wire = new WireOut().i32(0x01020304).bytes(new byte[] {9}).id(null).buffer().getBytes();

    assertThat(wire).containsExactly(1, 2, 3, 4, 0, 0, 0, 1, 9, 0);
  }

  @Test
  @DisplayName("refuses a message or a field claiming more bytes than arrived, before allocating for it")
  void refusesClaimedLengths() {
    WireCodec<String> codec = new WireCodec<>("test", (out, v) -> out.str(v), WireIn::str);
    Buffer claim = Buffer.buffer().appendInt(Integer.MAX_VALUE).appendInt(3).appendString("abc");
    assertThatIllegalArgumentException().isThrownBy(() -> codec.decodeFromWire(0, claim))
        .withMessageContaining("claims 2147483647 bytes");
    Buffer field = Buffer.buffer().appendInt(Integer.MAX_VALUE).appendString("abc");
    assertThatIllegalArgumentException().isThrownBy(() -> new WireIn(field, 0).bytes())
        .withMessageContaining("2147483647 bytes announced");
  }

  @Test
  @DisplayName("reads from the position it is given, leaving earlier bytes alone")
  void readsFromPosition() {
    Buffer buffer = Buffer.buffer("header");
    new WireOut(buffer).str("body").i32(7);

    WireIn in = new WireIn(buffer, 6);
    assertThat(in.str()).isEqualTo("body");
    assertThat(in.i32()).isEqualTo(7);
    assertThat(in.atEnd()).isTrue();
  }

  @Test
  @DisplayName("writes only the requested part of an array")
  void partOfArray() {
    byte[] wire = new WireOut().bytes(new byte[] {1, 2, 3, 4, 5}, 1, 3).buffer().getBytes();

    assertThat(new WireIn(wire).bytes()).containsExactly(2, 3, 4);
  }

  @Test
  @DisplayName("refuses a list announcing more elements than bytes left, without allocating for them")
  void listLongerThanBuffer() {
    byte[] wire = new WireOut().i32(Integer.MAX_VALUE).u8(1).buffer().getBytes();

    assertThatIllegalArgumentException().isThrownBy(() -> new WireIn(wire).list(WireIn::bool))
        .withMessageContaining("list length");
  }

  @Test
  @DisplayName("refuses a list with a negative length")
  void negativeList() {
    byte[] wire = new WireOut().i32(-2).buffer().getBytes();

    assertThatIllegalArgumentException().isThrownBy(() -> new WireIn(wire).list(WireIn::bool));
  }

  @Test
  @DisplayName("refuses a byte array announcing more bytes than are left")
  void bytesLongerThanBuffer() {
    byte[] wire = new WireOut().i32(5).u8(1).u8(2).buffer().getBytes();

    assertThatIllegalArgumentException().isThrownBy(() -> new WireIn(wire).bytes()).withMessageContaining("truncated");
  }
}
