package dev.cairn.common.posix;

import com.sun.jna.LastErrorException;
import dev.cairn.common.tree.Xattr;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Xattrs reads and writes the extended attributes of a path, of every namespace, never following
 * a link. A path without attributes, the usual case, costs one {@code llistxattr}.
 */
public final class Xattrs {
  private static final int ERANGE = 34;
  private static final int ENODATA = 61;
  /** Big enough for any value Linux allows, so one {@code lgetxattr} reads each attribute. */
  private static final ThreadLocal<byte[]> VALUE = ThreadLocal.withInitial(() -> new byte[Xattr.VALUE_LIMIT]);

  private Xattrs() {}

  /** The attributes of {@code path} (raw bytes), sorted by name; none where the filesystem has none. */
  public static List<Xattr> read(byte[] path) throws PosixException {
    byte[] c = cString(path);
    byte[] names = list(c, path);
    if (names == null) {
      return List.of();
    }
    List<Xattr> found = new ArrayList<>();
    byte[] value = VALUE.get();
    int start = 0;
    for (int i = 0; i < names.length; i++) {
      if (names[i] == 0) {
        if (i > start) {
          byte[] name = Arrays.copyOfRange(names, start, i + 1);
          try {
            long length = Libc.lgetxattr(c, name, value, value.length);
            found.add(new Xattr(Arrays.copyOf(name, name.length - 1), Arrays.copyOf(value, (int) length)));
          } catch (LastErrorException e) {
            if (e.getErrorCode() != ENODATA) { // removed since it was listed
              throw new PosixException("lgetxattr", e);
            }
          }
        }
        start = i + 1;
      }
    }
    found.sort(Xattr.BY_NAME);
    return List.copyOf(found);
  }

  /** Sets attribute {@code x} on {@code path} (raw bytes), replacing a value it has. */
  public static void write(byte[] path, Xattr x) throws PosixException {
    try {
      Libc.lsetxattr(cString(path), cString(x.name()), x.value(), x.value().length, 0);
    } catch (LastErrorException e) {
      throw new PosixException("lsetxattr " + x.printableName(), e);
    }
  }

  /** The NUL-separated names of {@code path}'s attributes, or {@code null} when it has none. */
  private static byte[] list(byte[] c, byte[] path) throws PosixException {
    try {
      while (true) {
        long size = Libc.llistxattr(c, null, 0);
        if (size <= 0) {
          return null;
        }
        byte[] names = new byte[(int) size];
        try {
          long got = Libc.llistxattr(c, names, names.length);
          return got <= 0 ? null : Arrays.copyOf(names, (int) got);
        } catch (LastErrorException e) {
          if (e.getErrorCode() != ERANGE) { // an attribute added in between: ask again
            throw e;
          }
        }
      }
    } catch (LastErrorException e) {
      if (e.getErrorCode() == PosixException.EOPNOTSUPP) {
        return null;
      }
      throw new PosixException("llistxattr", e);
    }
  }

  static byte[] cString(byte[] raw) {
    return Arrays.copyOf(raw, raw.length + 1);
  }
}
