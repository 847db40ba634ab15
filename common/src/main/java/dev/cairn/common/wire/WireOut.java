package dev.cairn.common.wire;

import dev.cairn.common.ChunkId;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BiConsumer;

/** WireOut appends the binary form of message fields to a buffer, big-endian, lengths first. */
public final class WireOut {
  private final Buffer buffer;

  /** Appends to {@code buffer}. */
  public WireOut(Buffer buffer) {
    this.buffer = buffer;
  }

  /** Appends to a new buffer. */
  public WireOut() {
    this(Buffer.buffer());
  }

  /** The buffer written so far. */
  public Buffer buffer() {
    return buffer;
  }

  public WireOut bool(boolean v) {
    buffer.appendByte(v ? (byte) 1 : 0);
    return this;
  }

  public WireOut u8(int v) {
    buffer.appendByte((byte) v);
    return this;
  }

  public WireOut i32(int v) {
    buffer.appendInt(v);
    return this;
  }

  public WireOut i64(long v) {
    buffer.appendLong(v);
    return this;
  }

  /** Appends a length and the bytes; {@code null} is written as length -1. */
  public WireOut bytes(byte[] v) {
    if (v == null) {
      return i32(-1);
    }
    return bytes(v, 0, v.length);
  }

  /** Appends a length and {@code length} bytes of {@code v} from {@code offset}. */
  public WireOut bytes(byte[] v, int offset, int length) {
    buffer.appendInt(length);
    buffer.appendBytes(v, offset, length);
    return this;
  }

  /** Appends a UTF-8 string; {@code null} is written as length -1. */
  public WireOut str(String v) {
    return bytes(v == null ? null : v.getBytes(StandardCharsets.UTF_8));
  }

  /** Appends an id; {@code null} is written as a zero flag. */
  public WireOut id(ChunkId id) {
    if (id == null) {
      return u8(0);
    }
    byte[] raw = new byte[ChunkId.LENGTH];
    id.copyTo(raw, 0);
    u8(1);
    buffer.appendBytes(raw);
    return this;
  }

  /** Appends a count and each element with {@code writer}. */
  public <T> WireOut list(List<T> items, BiConsumer<WireOut, T> writer) {
    i32(items.size());
    for (T item : items) {
      writer.accept(this, item);
    }
    return this;
  }
}
