package dev.cairn.scanner;

import dev.cairn.common.RawPaths;
import dev.cairn.common.posix.Ownership;
import dev.cairn.common.posix.SpecialFiles;
import dev.cairn.common.tree.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * TargetTree makes the directories and links of a restore, never following a link that is already
 * in the target: a planted link is replaced, not written through. Every call blocks.
 */
final class TargetTree {
  private TargetTree() {}

  private static final FileAttribute<?> ONLY_OWNER =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  private static final FileAttribute<?> OTHERS_READ =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x"));

  /**
   * Makes directory {@code path}, replacing a link found there. It is made the restoring user's
   * with mode 0700, so nobody else can write into it until {@link #finishDirectory} gives it its
   * recorded owner and mode, after its content. An existing directory is kept if nobody but root
   * and the restoring user can change it (see {@link SafeDirectories}), or if {@code trusted}.
   */
  static void directory(Path path, boolean trusted) throws IOException {
    make(path, trusted, ONLY_OWNER);
  }

  private static void make(Path path, boolean trusted, FileAttribute<?> mode) throws IOException {
    if (Files.isSymbolicLink(path)) {
      Files.delete(path);
    }
    if (!Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectory(path, mode);
    } else if (!trusted) {
      SafeDirectories.check(path, false);
    }
  }

  /**
   * Makes the directories above {@code relative} (raw bytes, names separated by {@code /}) under
   * {@code target} as {@link #directory} does, so a link planted on the way is replaced, not
   * followed out of the target. No metadata is recorded for them, so they are made readable by all
   * at once, as the target is.
   */
  static void parents(Path target, byte[] relative, boolean trusted) throws IOException {
    Path dir = target;
    int start = 0;
    for (int i = 0; i < relative.length; i++) {
      if (relative[i] == '/') {
        dir = RawPaths.resolve(dir, Arrays.copyOfRange(relative, start, i));
        make(dir, trusted, OTHERS_READ);
        start = i + 1;
      }
    }
  }

  /** Makes {@code path} a hard link of {@code existing}, replacing a file or link found there. */
  static void hardLink(Path path, Path existing) throws IOException {
    if (Files.isSymbolicLink(path) || Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(path);
    }
    Files.createLink(path, existing);
  }

  /**
   * Makes a link at {@code path} to {@code node}'s target, replacing a file or link found there,
   * and gives it back to its owner.
   */
  static void symlink(Path path, Node node, Ownership.Rules rules) throws IOException {
    replaceFileOrLink(path);
    Files.createSymbolicLink(path, RawPaths.path(node.linkTarget()));
    Ownership.Outcome outcome = Ownership.restore(RawPaths.bytes(path), node, rules);
    times(path, node);
    complain(outcome);
  }

  /**
   * Makes {@code node}'s FIFO or device at {@code path}, replacing a file or link found there, with
   * its owner, attributes, mode and time. Only root may make a device; for anyone else the kernel
   * refuses and the entry is named among the errors.
   */
  static void special(Path path, Node node, Ownership.Rules rules) throws IOException {
    if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(path);
    }
    byte[] raw = RawPaths.bytes(path);
    SpecialFiles.make(raw, node);
    Ownership.Outcome outcome = Ownership.restore(raw, node, rules);
    SpecialFiles.finish(raw, outcome.mode(), node.mtimeNanos());
    complain(outcome);
  }

  /**
   * Puts a directory's owner, extended attributes, permission bits and modification time back, once
   * its content is written; the mode goes after the owner, whose change clears set-id bits.
   */
  static void finishDirectory(Path path, Node node, Ownership.Rules rules) throws IOException {
    Ownership.Outcome outcome = Ownership.restore(RawPaths.bytes(path), node, rules);
    Files.setAttribute(path, "unix:mode", outcome.mode(), LinkOption.NOFOLLOW_LINKS);
    times(path, node);
    complain(outcome);
  }

  private static void replaceFileOrLink(Path path) throws IOException {
    if (Files.isSymbolicLink(path) || Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(path);
    }
  }

  /** Fails the entry when its owner or an attribute could not be put back; the rest of it is. */
  private static void complain(Ownership.Outcome outcome) throws IOException {
    if (outcome.problem() != null) {
      throw new IOException(outcome.problem());
    }
  }

  private static void times(Path path, Node node) throws IOException {
    FileTime mtime = FileTime.from(node.mtimeNanos(), TimeUnit.NANOSECONDS);
    Files.getFileAttributeView(path, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(mtime, null, null);
  }
}
