package dev.cairn.common.crypto;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdDecompressCtx;
import java.nio.ByteBuffer;
import java.util.Locale;

/**
 * Compression says how blobs are compressed with zstd ({@value #NAME}) before they are sealed.
 *
 * <ul>
 *   <li>{@code off}: never.
 *   <li>{@code auto} (the default): at {@link #AUTO_LEVEL}, and the compressed form is kept only
 *       when it saves at least 1/{@value #MARGIN} of the blob, so data that does not compress is
 *       stored as it is and read back without a decompression.
 *   <li>{@code max}: at {@link #MAX_LEVEL}, kept whenever it is smaller.
 * </ul>
 *
 * A level other than the mode's own may be given ({@code auto:9}). Immutable and safe to share.
 */
public record Compression(Mode mode, int level) {
  /** The versioned name a repository config records. */
  public static final String NAME = "zstd-v1";
  public static final int AUTO_LEVEL = 3;
  public static final int MAX_LEVEL = 19;
  /** {@code auto} keeps a compressed blob only if it saves at least this fraction's reciprocal. */
  static final int MARGIN = 16;

  private static final ThreadLocal<ZstdCompressCtx> COMPRESSORS = ThreadLocal.withInitial(ZstdCompressCtx::new);
  private static final ThreadLocal<ZstdDecompressCtx> DECOMPRESSORS = ThreadLocal.withInitial(ZstdDecompressCtx::new);

  /** How blobs are compressed. */
  public enum Mode { OFF, AUTO, MAX }

  public Compression {
    if (mode == Mode.OFF) {
      // Off compresses nothing, so its level means nothing: one value, so that off equals off.
      level = AUTO_LEVEL;
    }
    if (level < Zstd.minCompressionLevel() || level > Zstd.maxCompressionLevel()) {
      throw new IllegalArgumentException("zstd level " + level + " is outside " + Zstd.minCompressionLevel() + " to "
          + Zstd.maxCompressionLevel());
    }
  }

  /** The default: {@code auto}. */
  public static Compression auto() {
    return new Compression(Mode.AUTO, AUTO_LEVEL);
  }

  public static Compression off() {
    return new Compression(Mode.OFF, AUTO_LEVEL);
  }

  /** Parses {@code off}, {@code auto}, {@code max}, optionally followed by {@code :LEVEL}. */
  public static Compression parse(String text) {
    String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":", 2);
    Mode mode;
    try {
      mode = Mode.valueOf(parts[0].toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("compression '" + text + "' is not off, auto or max (optionally :LEVEL)");
    }
    int level = mode == Mode.MAX ? MAX_LEVEL : AUTO_LEVEL;
    if (parts.length == 2) {
      if (mode == Mode.OFF) {
        throw new IllegalArgumentException("compression off takes no level, got '" + text + "'");
      }
      try {
        level = Integer.parseInt(parts[1]);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("compression level '" + parts[1] + "' is not a number");
      }
    }
    return new Compression(mode, level);
  }

  /** The form {@link #parse} reads: {@code auto}, {@code max}, {@code off}, or with a level {@code auto:9}. */
  @Override
  public String toString() {
    String name = mode.name().toLowerCase(Locale.ROOT);
    boolean ownLevel = level == (mode == Mode.MAX ? MAX_LEVEL : AUTO_LEVEL);
    return mode == Mode.OFF || ownLevel ? name : name + ":" + level;
  }

  /**
   * Compresses the remaining bytes of {@code plain} (its position is not moved) into {@code out}
   * from {@code offset}, and returns the compressed length, or -1 where this mode keeps the blob as
   * it is: {@code off}, or a compressed form that would not be small enough.
   */
  int compress(ByteBuffer plain, byte[] out, int offset) {
    int length = plain.remaining();
    if (mode == Mode.OFF || length < 64) {
      return -1;
    }
    // The compressor may use only the room a form worth keeping could take: past it, it stops.
    int room = mode == Mode.AUTO ? length - length / MARGIN : length - 1;
    room = Math.min(room, out.length - offset);
    ZstdCompressCtx ctx = COMPRESSORS.get();
    ctx.setLevel(level);
    try {
      if (plain.hasArray()) {
        return ctx.compressByteArray(out, offset, room, plain.array(), plain.arrayOffset() + plain.position(), length);
      }
      byte[] copy = new byte[length];
      plain.duplicate().get(copy);
      return ctx.compressByteArray(out, offset, room, copy, 0, length);
    } catch (RuntimeException tooLarge) {
      // zstd fails with "destination buffer too small" when the output would not fit the room.
      return -1;
    }
  }

  /**
   * Decompresses {@code length} bytes of {@code in} from {@code offset} into {@code out}, which must
   * end up exactly full; {@code what} names the blob in the failure.
   *
   * @throws Damaged if the bytes are not a zstd frame of exactly {@code out.remaining()} bytes
   */
  static void decompress(byte[] in, int offset, int length, ByteBuffer out, String what) {
    int expected = out.remaining();
    long size;
    try {
      size = Zstd.getFrameContentSize(in, offset, length);
    } catch (RuntimeException tooShort) {
      // zstd-jni throws rather than return an error code for a body too short to hold a header.
      throw new Damaged(what + " does not decompress: " + length + " bytes hold no zstd frame header", tooShort);
    }
    if (size != expected) {
      throw new Damaged(what + " does not decompress to its length (" + expected + " bytes; the frame says " + size + ")");
    }
    int n;
    try {
      ZstdDecompressCtx ctx = DECOMPRESSORS.get();
      n = out.hasArray()
          ? ctx.decompressByteArray(out.array(), out.arrayOffset() + out.position(), expected, in, offset, length)
          : ctx.decompressByteArrayToDirectByteBuffer(out, out.position(), expected, in, offset, length);
    } catch (RuntimeException e) {
      throw new Damaged(what + " does not decompress: " + e.getMessage(), e);
    }
    if (n != expected) {
      throw new Damaged(what + " decompressed to " + n + " bytes, not its " + expected);
    }
  }
}
