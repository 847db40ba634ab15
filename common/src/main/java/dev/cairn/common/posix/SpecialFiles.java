package dev.cairn.common.posix;

import com.sun.jna.LastErrorException;
import dev.cairn.common.tree.Node;

/**
 * SpecialFiles makes FIFOs and character and block devices with {@code mknod}, and splits and joins
 * device numbers the way glibc's {@code major}, {@code minor} and {@code makedev} do.
 */
public final class SpecialFiles {
  private static final int S_IFIFO = 0010000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;
  private static final int AT_FDCWD = -100;
  private static final int AT_SYMLINK_NOFOLLOW = 0x100;
  private static final long UTIME_NOW = (1L << 30) - 1;

  private SpecialFiles() {}

  /** Makes {@code node}'s FIFO or device at {@code path} (raw bytes), with its permission bits. */
  public static void make(byte[] path, Node node) throws PosixException {
    int type = switch (node.kind()) {
      case FIFO -> S_IFIFO;
      case CHAR_DEVICE -> S_IFCHR;
      case BLOCK_DEVICE -> S_IFBLK;
      default -> throw new IllegalArgumentException(node + " is not a FIFO or a device");
    };
    try {
      Libc.mknod(Xattrs.cString(path), type | (node.mode() & 0777), node.kind() == Node.Kind.FIFO ? 0 : node.rdev());
    } catch (LastErrorException e) {
      throw new PosixException("mknod", e);
    }
  }

  /**
   * Sets the mode and modification time of the FIFO or device at {@code path} (raw bytes), by path
   * and without following a link: the JDK would open it, which blocks on a FIFO with no writer and
   * may act on a device.
   */
  public static void finish(byte[] path, int mode, long mtimeNanos) throws PosixException {
    byte[] c = Xattrs.cString(path);
    try {
      Libc.fchmodat(AT_FDCWD, c, mode, AT_SYMLINK_NOFOLLOW);
    } catch (LastErrorException e) {
      throw new PosixException("chmod", e);
    }
    long[] times = {0, UTIME_NOW, Math.floorDiv(mtimeNanos, 1_000_000_000L), Math.floorMod(mtimeNanos, 1_000_000_000L)};
    try {
      Libc.utimensat(AT_FDCWD, c, times, AT_SYMLINK_NOFOLLOW);
    } catch (LastErrorException e) {
      throw new PosixException("utimensat", e);
    }
  }

  /** The major number of device number {@code rdev}. */
  public static long major(long rdev) {
    return ((rdev >>> 32) & 0xfffff000L) | ((rdev >>> 8) & 0xfffL);
  }

  /** The minor number of device number {@code rdev}. */
  public static long minor(long rdev) {
    return ((rdev >>> 12) & 0xffffff00L) | (rdev & 0xffL);
  }
}
