package dev.cairn.common;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;

/**
 * RawPaths converts between paths and the bytes the kernel knows them by.
 *
 * <p>Linux file names are bytes, not text. The JDK decodes them with the platform charset and
 * cannot turn a name that is not valid UTF-8 back into the same bytes through a {@code String}.
 * Its Unix paths keep the original bytes, though, and this class reaches them when the JVM runs
 * with {@code --add-opens java.base/sun.nio.fs=ALL-UNNAMED} (the cairn jar's manifest says so).
 * Without it, names fall back to their UTF-8 form and {@link #exact()} says so.
 */
public final class RawPaths {
  private static final MethodHandle AS_BYTES;
  private static final MethodHandle FROM_BYTES;

  static {
    MethodHandle asBytes = null;
    MethodHandle fromBytes = null;
    try {
      Class<?> unixPath = Class.forName("sun.nio.fs.UnixPath");
      Class<?> unixFs = Class.forName("sun.nio.fs.UnixFileSystem");
      MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(unixPath, MethodHandles.lookup());
      asBytes = lookup.findVirtual(unixPath, "asByteArray", MethodType.methodType(byte[].class));
      fromBytes = lookup.findConstructor(unixPath, MethodType.methodType(void.class, unixFs, byte[].class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Not a Unix JDK, or the package is not opened: fall back to text names.
    }
    AS_BYTES = asBytes;
    FROM_BYTES = fromBytes;
  }

  private RawPaths() {}

  /** Reports whether names round-trip byte for byte in this JVM. */
  public static boolean exact() {
    return AS_BYTES != null;
  }

  /** Returns the bytes of {@code path} as the kernel sees them. */
  public static byte[] bytes(Path path) {
    if (AS_BYTES != null) {
      try {
        return ((byte[]) AS_BYTES.invoke(path)).clone();
      } catch (Throwable e) {
        throw new IllegalStateException("cannot read the bytes of a path", e);
      }
    }
    return path.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Returns the path whose kernel bytes are {@code raw}. */
  public static Path path(byte[] raw) {
    FileSystem fs = FileSystems.getDefault();
    if (FROM_BYTES != null) {
      try {
        return (Path) FROM_BYTES.invoke(fs, raw.clone());
      } catch (Throwable e) {
        throw new IllegalStateException("cannot make a path from bytes", e);
      }
    }
    return fs.getPath(new String(raw, StandardCharsets.UTF_8));
  }

  /** Returns {@code dir} joined with the single name {@code name}. */
  public static Path resolve(Path dir, byte[] name) {
    return dir.resolve(path(name));
  }

  /** Returns the raw bytes of {@code dir}'s path joined with {@code name} by a slash. */
  public static byte[] join(byte[] dir, byte[] name) {
    boolean slash = dir.length > 0 && dir[dir.length - 1] == '/';
    byte[] out = new byte[dir.length + (slash ? 0 : 1) + name.length];
    System.arraycopy(dir, 0, out, 0, dir.length);
    if (!slash) {
      out[dir.length] = '/';
    }
    System.arraycopy(name, 0, out, out.length - name.length, name.length);
    return out;
  }

  /** Returns the printable form of raw path bytes: UTF-8, with replacement characters where invalid. */
  public static String printable(byte[] raw) {
    return new String(raw, StandardCharsets.UTF_8);
  }
}
