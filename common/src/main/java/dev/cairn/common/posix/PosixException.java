package dev.cairn.common.posix;

import com.sun.jna.LastErrorException;
import java.nio.file.FileSystemException;

/** PosixException is a failed libc call on a path, with the kernel's reason as its reason. */
public final class PosixException extends FileSystemException {
  /** The errno of "operation not permitted". */
  public static final int EPERM = 1;
  /** The errno of "operation not supported", which Linux also calls ENOTSUP. */
  public static final int EOPNOTSUPP = 95;

  private final int errno;

  PosixException(String file, String call, LastErrorException e) {
    super(file, null, call + ": " + Libc.strerror(e.getErrorCode()));
    this.errno = e.getErrorCode();
  }

  /** The kernel's error number. */
  public int errno() {
    return errno;
  }
}
