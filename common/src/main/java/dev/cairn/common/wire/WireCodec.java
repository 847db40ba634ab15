package dev.cairn.common.wire;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * WireCodec is the event-bus codec of one immutable message type.
 *
 * <p>Between nodes it writes the type's binary form; within one JVM {@link #transform} hands over
 * the same object, so chunk bytes are never copied between rooms.
 */
public final class WireCodec<T> implements MessageCodec<T, T> {
  private final String name;
  private final BiConsumer<WireOut, T> writer;
  private final Function<WireIn, T> reader;

  /** A codec named {@code name} that writes with {@code writer} and reads with {@code reader}. */
  public WireCodec(String name, BiConsumer<WireOut, T> writer, Function<WireIn, T> reader) {
    this.name = name;
    this.writer = writer;
    this.reader = reader;
  }

  @Override
  public void encodeToWire(Buffer buffer, T message) {
    int lengthAt = buffer.length();
    buffer.appendInt(0);
    writer.accept(new WireOut(buffer), message);
    buffer.setInt(lengthAt, buffer.length() - lengthAt - 4);
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    if (length < 0 || length > buffer.length() - pos - 4) {
      // Checked before anything is sliced or allocated for it: a length is what a peer claims.
      throw new IllegalArgumentException(name + " message claims " + length + " bytes, " + (buffer.length() - pos - 4)
          + " arrived");
    }
    return reader.apply(new WireIn(buffer.slice(pos + 4, pos + 4 + length), 0));
  }

  @Override
  public T transform(T message) {
    return message;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
