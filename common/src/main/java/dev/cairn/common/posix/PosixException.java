package dev.cairn.common.posix;

import com.sun.jna.LastErrorException;
import java.io.IOException;

/**
 * PosixException is a failed libc call on a path. Its message is the call and the kernel's reason,
 * without the path: whoever reports it names the path once, as it does for every other failure.
 */
public final class PosixException extends IOException {
  /** The errno of "operation not permitted". */
  public static final int EPERM = 1;
  /** The errno of "operation not supported", which Linux also calls ENOTSUP. */
  public static final int EOPNOTSUPP = 95;

  private final int errno;

  PosixException(String call, LastErrorException e) {
    super(call + ": " + Libc.strerror(e.getErrorCode()), e);
    this.errno = e.getErrorCode();
  }

  /** The kernel's error number. */
  public int errno() {
    return errno;
  }
}
