package dev.cairn.common.wire;

import dev.cairn.common.ChunkId;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/** WireIn reads what {@link WireOut} wrote, in the same order, from a position in a buffer. */
public final class WireIn {
  private final Buffer buffer;
  private int pos;

  /** Reads {@code buffer} from {@code pos}. */
  public WireIn(Buffer buffer, int pos) {
    this.buffer = buffer;
    this.pos = pos;
  }

  /** Reads a whole byte array. */
  public WireIn(byte[] data) {
    this(Buffer.buffer(data), 0);
  }

  /** The position of the next unread byte. */
  public int position() {
    return pos;
  }

  /** Reports whether every byte has been read. */
  public boolean atEnd() {
    return pos >= buffer.length();
  }

  public boolean bool() {
    return buffer.getByte(pos++) != 0;
  }

  public int u8() {
    return buffer.getUnsignedByte(pos++);
  }

  public int i32() {
    int v = buffer.getInt(pos);
    pos += 4;
    return v;
  }

  public long i64() {
    long v = buffer.getLong(pos);
    pos += 8;
    return v;
  }

  /** Reads a length-prefixed byte array, or {@code null}. */
  public byte[] bytes() {
    int length = i32();
    if (length < 0) {
      return null;
    }
    if (length > buffer.length() - pos) {
      throw new IllegalArgumentException("truncated message: " + length + " bytes announced, " + (buffer.length() - pos) + " left");
    }
    byte[] v = buffer.getBytes(pos, pos + length);
    pos += length;
    return v;
  }

  /**
   * Reads a length-prefixed byte array, or {@code null}, refusing before it allocates one longer
   * than {@code limit}; the error names {@code what}.
   */
  public byte[] bytes(int limit, String what) {
    int length = buffer.getInt(pos);
    if (length > limit) {
      throw new IllegalArgumentException(what + " of " + length + " bytes exceeds the limit of " + limit);
    }
    return bytes();
  }

  /** Reads a count of at most {@code limit} and that many elements; the error names {@code what}. */
  public <T> List<T> list(int limit, String what, Function<WireIn, T> reader) {
    int n = buffer.getInt(pos);
    if (n > limit) {
      throw new IllegalArgumentException(what + " count " + n + " exceeds the limit of " + limit);
    }
    return list(reader);
  }

  /** Reads a UTF-8 string, or {@code null}. */
  public String str() {
    byte[] raw = bytes();
    return raw == null ? null : new String(raw, StandardCharsets.UTF_8);
  }

  /** Reads an id, or {@code null}. */
  public ChunkId id() {
    if (u8() == 0) {
      return null;
    }
    ChunkId id = ChunkId.of(buffer.getBytes(pos, pos + ChunkId.LENGTH));
    pos += ChunkId.LENGTH;
    return id;
  }

  /** Reads a count and that many elements with {@code reader}. */
  public <T> List<T> list(Function<WireIn, T> reader) {
    int n = i32();
    if (n < 0 || n > buffer.length() - pos) {
      throw new IllegalArgumentException("bad list length " + n);
    }
    List<T> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      items.add(reader.apply(this));
    }
    return Collections.unmodifiableList(items);
  }
}
