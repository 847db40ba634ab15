package dev.cairn.common.posix;

import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Accounts turns user and group ids into names and back, through this machine's account database
 * (NSS: /etc/passwd, /etc/group, or a directory service). Answers are kept for the life of the
 * process: a backup looks up the same few owners for millions of files.
 */
public final class Accounts {
  /** Where the id sits in glibc's {@code struct passwd} and {@code struct group} on 64-bit Linux. */
  private static final int ID_OFFSET = 16;
  private static final Object LIBC_LOCK = new Object();
  private static final ConcurrentMap<Integer, Optional<String>> USER_NAMES = new ConcurrentHashMap<>();
  private static final ConcurrentMap<Integer, Optional<String>> GROUP_NAMES = new ConcurrentHashMap<>();
  private static final ConcurrentMap<String, Optional<Integer>> UIDS = new ConcurrentHashMap<>();
  private static final ConcurrentMap<String, Optional<Integer>> GIDS = new ConcurrentHashMap<>();

  private Accounts() {}

  /** The name of user {@code uid}, or {@code null} when it has none here. */
  public static String userName(int uid) {
    return USER_NAMES.computeIfAbsent(uid, id -> name(() -> Libc.getpwuid(id))).orElse(null);
  }

  /** The name of group {@code gid}, or {@code null} when it has none here. */
  public static String groupName(int gid) {
    return GROUP_NAMES.computeIfAbsent(gid, id -> name(() -> Libc.getgrgid(id))).orElse(null);
  }

  /** The id of user {@code name} here, if there is one. */
  public static Optional<Integer> uid(String name) {
    return UIDS.computeIfAbsent(name, n -> id(() -> Libc.getpwnam(cName(n))));
  }

  /** The id of group {@code name} here, if there is one. */
  public static Optional<Integer> gid(String name) {
    return GIDS.computeIfAbsent(name, n -> id(() -> Libc.getgrnam(cName(n))));
  }

  /** The effective user id of this process. */
  public static int euid() {
    return Libc.geteuid();
  }

  // getpwuid and friends return a static buffer: read it under a lock, before the next call.
  private static Optional<String> name(Supplier<Pointer> call) {
    synchronized (LIBC_LOCK) {
      Pointer entry = call.get();
      return entry == null ? Optional.empty()
          : Optional.of(entry.getPointer(0).getString(0, "UTF-8"));
    }
  }

  private static Optional<Integer> id(Supplier<Pointer> call) {
    synchronized (LIBC_LOCK) {
      Pointer entry = call.get();
      return entry == null ? Optional.empty() : Optional.of(entry.getInt(ID_OFFSET));
    }
  }

  private static byte[] cName(String name) {
    return Xattrs.cString(name.getBytes(StandardCharsets.UTF_8));
  }
}
