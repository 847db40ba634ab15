package dev.cairn.common.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

/**
 * Libc binds the C library's calls by direct mapping, the cheapest way JNA calls native code.
 * Sizes are {@code long}: cairn runs on 64-bit Linux, where {@code size_t} and {@code dev_t} are
 * 64 bits wide. Paths and names are NUL-terminated byte arrays.
 */
final class Libc {
  static {
    Native.register(Platform.C_LIBRARY_NAME);
  }

  private Libc() {}

  static native long llistxattr(byte[] path, byte[] list, long size) throws LastErrorException;

  static native long lgetxattr(byte[] path, byte[] name, byte[] value, long size) throws LastErrorException;

  static native int lsetxattr(byte[] path, byte[] name, byte[] value, long size, int flags) throws LastErrorException;

  static native int lchown(byte[] path, int uid, int gid) throws LastErrorException;

  static native int mknod(byte[] path, int mode, long dev) throws LastErrorException;

  static native int fchmodat(int dirfd, byte[] path, int mode, int flags) throws LastErrorException;

  static native int utimensat(int dirfd, byte[] path, long[] times, int flags) throws LastErrorException;

  static native int open(byte[] path, int flags) throws LastErrorException;

  static native int fstat(int fd, byte[] stat) throws LastErrorException;

  static native int close(int fd) throws LastErrorException;

  static native int geteuid();

  static native Pointer getpwuid(int uid);

  static native Pointer getgrgid(int gid);

  static native Pointer getpwnam(byte[] name);

  static native Pointer getgrnam(byte[] name);

  static native String strerror(int errno);
}
