package dev.cairn.hasher;

import dev.cairn.common.RawPaths;
import dev.cairn.common.posix.Ownership;
import dev.cairn.common.tree.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Metadata puts a restored file's permission bits and modification time back, without following
 * a link, in as few system calls as the JDK allows: every call that sets an attribute of a path
 * without following links opens the file once more, so a restore of many small files pays for
 * each of them.
 *
 * <p>A file is created with its permission bits, which the process's umask may clear; when the
 * umask clears none of them and there is no setuid, setgid or sticky bit, the file already has its
 * mode and no {@code chmod} is needed. Both times are given, the access time being the time of the
 * restore, so the JDK need not read the file's times first to keep one of them.
 *
 * <p>The owner goes first: a change of owner clears set-id bits, so the mode must follow it.
 */
final class Metadata {
  private static final PosixFilePermission[] BITS = {
    PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
    PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
    PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ
  };

  private Metadata() {}

  /** The permission bits to create {@code node}'s file with. */
  static FileAttribute<Set<PosixFilePermission>> createMode(Node node) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    for (int bit = 0; bit < BITS.length; bit++) {
      if ((node.mode() & (1 << bit)) != 0) {
        permissions.add(BITS[bit]);
      }
    }
    return PosixFilePermissions.asFileAttribute(permissions);
  }

  /** Reports whether a file created with {@link #createMode} already has {@code node}'s mode. */
  static boolean createdExact(Node node) {
    int umask = Umask.current();
    return umask >= 0 && (node.mode() & 07000) == 0 && (node.mode() & umask & 0777) == 0;
  }

  /**
   * Gives {@code path} back to {@code node}'s owner, sets its extended attributes, then its mode
   * (without the set-id bits {@link Ownership} withholds) and times; fails with the reason when the
   * owner or an attribute could not be put back, after setting all the rest.
   */
  static void restore(Path path, Node node, Ownership.Rules rules, FileTime now) throws IOException {
    Ownership.Outcome outcome = Ownership.restore(RawPaths.bytes(path), node, rules);
    if (outcome.mode() == node.mode()) {
      apply(path, node, createdExact(node), now);
    } else {
      Files.setAttribute(path, "unix:mode", outcome.mode(), LinkOption.NOFOLLOW_LINKS);
      apply(path, node, true, now);
    }
    if (outcome.problem() != null) {
      throw new IOException(outcome.problem());
    }
  }

  /**
   * Sets the mode of {@code path}, unless {@code modeSet} says it has it since its creation, and
   * its modification time, to {@code node}'s; the access time becomes {@code now}.
   */
  static void apply(Path path, Node node, boolean modeSet, FileTime now) throws IOException {
    if (!modeSet) {
      Files.setAttribute(path, "unix:mode", node.mode(), LinkOption.NOFOLLOW_LINKS);
    }
    Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(FileTime.from(node.mtimeNanos(), TimeUnit.NANOSECONDS), now, null);
  }
}
