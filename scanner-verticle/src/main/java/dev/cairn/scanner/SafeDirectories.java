package dev.cairn.scanner;

import dev.cairn.common.posix.Accounts;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * SafeDirectories decides which directories a restore may write into: those nobody but root and
 * the restoring user (its effective uid) can change while it runs, as OpenSSH's StrictModes
 * decides which key files to trust.
 *
 * <p>A restore works on path strings, which the kernel resolves again at every call. A directory on
 * the way that another user can change lets that user swap it for a link while the restore runs
 * and redirect what is written, and chowned, to anywhere. A directory owned by root or the restoring
 * user and writable by nobody else cannot be swapped by anyone else, so checking it once is enough.
 *
 * <p>A root-owned directory with the sticky bit, such as {@code /tmp}, is accepted on the way to
 * the target only: others may add names to it but not rename or remove root's. It is never the
 * target itself nor a directory the restore writes into, since a name the restore is about to make
 * there could be taken first. Every check reads the entry itself ({@code lstat}), never a link's
 * destination.
 */
final class SafeDirectories {
  private static final int GROUP_OR_OTHER_WRITE = 0022;
  private static final int STICKY = 01000;
  private static final int EUID = Accounts.euid();

  private SafeDirectories() {}

  /**
   * Checks every directory from {@code /} to {@code target} and makes the missing ones; returns the
   * target with every link on its way resolved, the path the restore must use from then on. With
   * {@code trusted}, the directories are made but not checked.
   *
   * @throws UnsafeDirectoryException naming the first directory others could change
   */
  static Path prepareTarget(Path target, boolean trusted) throws IOException {
    if (trusted) {
      return Files.createDirectories(target);
    }
    Path existing = target.getRoot();
    int depth = 0;
    while (depth < target.getNameCount() && Files.exists(existing.resolve(target.getName(depth)))) {
      existing = existing.resolve(target.getName(depth));
      depth++;
      linkOwner(existing);
    }
    Path real = existing.toRealPath();
    Path checked = real.getRoot();
    check(checked, real.getNameCount() > 0 || depth < target.getNameCount());
    for (int i = 0; i < real.getNameCount(); i++) {
      checked = checked.resolve(real.getName(i));
      check(checked, i < real.getNameCount() - 1 || depth < target.getNameCount());
    }
    for (int i = depth; i < target.getNameCount(); i++) {
      checked = checked.resolve(target.getName(i));
      try {
        // Made here, so nobody else owns it; made only if still missing, so nothing planted is used.
        Files.createDirectory(checked, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
      } catch (FileAlreadyExistsException e) {
        throw new IOException(checked + " appeared while the restore made it; try again");
      }
      check(checked, false);
    }
    return checked;
  }

  /**
   * Fails if {@code path} is a link another user owns: whoever owns a link on the way chooses
   * where the restore goes, as the kernel's {@code protected_symlinks} reasons.
   */
  private static void linkOwner(Path path) throws IOException {
    if (Files.isSymbolicLink(path)) {
      int uid = (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      if (uid != 0 && uid != EUID) {
        throw new UnsafeDirectoryException("refused to restore through the link " + path + " (owner uid "
            + Integer.toUnsignedString(uid) + "): its owner chooses where it leads; restore into a new directory "
            + "that only you can write, or pass --trust-target (\"trustTarget\": true) if you trust its owner");
      }
    }
  }

  /** Fails unless directory {@code dir} may be written into, or passed through when {@code onTheWay}. */
  static void check(Path dir, boolean onTheWay) throws IOException {
    String problem = problem(dir, onTheWay);
    if (problem != null) {
      throw new UnsafeDirectoryException(problem);
    }
  }

  /** Why directory {@code dir} must not be used, or {@code null} when it may be. */
  static String problem(Path dir, boolean onTheWay) throws IOException {
    Map<String, Object> attributes = Files.readAttributes(dir, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
    int uid = (Integer) attributes.get("uid");
    int mode = (Integer) attributes.get("mode");
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return dir + " is not a directory";
    }
    boolean trustedOwner = uid == 0 || uid == EUID;
    boolean othersWrite = (mode & GROUP_OR_OTHER_WRITE) != 0;
    boolean stickyRootOnTheWay = onTheWay && uid == 0 && (mode & STICKY) != 0;
    if (trustedOwner && (!othersWrite || stickyRootOnTheWay)) {
      return null;
    }
    return "refused to restore through " + dir + " (owner uid " + Integer.toUnsignedString(uid) + ", mode "
        + String.format("%04o", mode & 07777) + "): another user could change it while the restore runs and "
        + "redirect what it writes; restore into a new directory that only you can write, or pass "
        + "--trust-target (\"trustTarget\": true) if you trust whoever can change it";
  }

  /** A directory on the restore's way that someone else could change. */
  static final class UnsafeDirectoryException extends IOException {
    UnsafeDirectoryException(String message) {
      super(message);
    }
  }
}
