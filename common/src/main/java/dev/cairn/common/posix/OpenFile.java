package dev.cairn.common.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.Platform;
import dev.cairn.common.RawPaths;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * OpenFile is a file opened once by path, without following a link as its last component, and
 * from then on known only by its descriptor: its status comes from {@code fstat}, and its channel
 * is opened through {@code /proc/self/fd}, which the kernel resolves to the very inode held open,
 * never to a path. A directory swapped for a link after the open changes nothing of what is read.
 */
public final class OpenFile implements AutoCloseable {
  private static final int O_NONBLOCK = 04000;
  private static final int O_CLOEXEC = 02000000;
  /** O_NOFOLLOW's value differs between the generic layout (arm64) and x86-64. */
  private static final int O_NOFOLLOW = Platform.isARM() ? 0100000 : 0400000;
  private static final int ENOENT = 2;
  private static final int EACCES = 13;
  private static final int ELOOP = 40;
  /** Larger than {@code struct stat} on every 64-bit Linux (144 bytes on x86-64, 128 on arm64). */
  private static final int STAT_BYTES = 256;

  private final int fd;
  private final byte[] statBuffer = new byte[STAT_BYTES];
  private boolean closed;

  /** What {@code fstat} says of the open file; offsets are those of both 64-bit layouts. */
  public record Status(long device, long inode, int mode, long size, long mtimeNanos) {
    /** Reports whether this is a regular file. */
    public boolean regular() {
      return (mode & 0170000) == 0100000;
    }
  }

  private OpenFile(int fd) {
    this.fd = fd;
  }

  /**
   * Opens {@code path} for reading, refusing a link as its last component and never blocking on a
   * FIFO put in its place; fails as the JDK would, with the path named.
   */
  public static OpenFile open(Path path) throws IOException {
    try {
      return new OpenFile(Libc.open(Xattrs.cString(RawPaths.bytes(path)),
          O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
    } catch (LastErrorException e) {
      String file = path.toString();
      throw switch (e.getErrorCode()) {
        case ENOENT -> new NoSuchFileException(file);
        case EACCES -> new AccessDeniedException(file);
        case ELOOP -> new FileSystemException(file, null, "is a symbolic link now");
        default -> new FileSystemException(file, null, new PosixException("open", e).getMessage());
      };
    }
  }

  /** The open file's device, inode, type, size and modification time, read from its descriptor. */
  public Status status() throws IOException {
    try {
      Libc.fstat(fd, statBuffer);
    } catch (LastErrorException e) {
      throw new PosixException("fstat", e);
    }
    ByteBuffer b = ByteBuffer.wrap(statBuffer).order(ByteOrder.nativeOrder());
    int mode = Platform.isARM() ? b.getInt(16) : b.getInt(24);
    return new Status(b.getLong(0), b.getLong(8), mode, b.getLong(48),
        b.getLong(88) * 1_000_000_000L + b.getLong(96));
  }

  /** A new read-only channel on the inode this descriptor holds; the caller closes it. */
  public FileChannel channel() throws IOException {
    return FileChannel.open(Path.of("/proc/self/fd/" + fd), StandardOpenOption.READ);
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      try {
        Libc.close(fd);
      } catch (LastErrorException e) {
        // A descriptor opened for reading has nothing to flush; it is gone either way.
      }
    }
  }
}
