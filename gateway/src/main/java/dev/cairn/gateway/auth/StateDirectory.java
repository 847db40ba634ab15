package dev.cairn.gateway.auth;

import dev.cairn.common.posix.Accounts;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/**
 * StateDirectory is the gateway's own directory, readable by its user only (0700), and the files
 * in it, readable by their user only (0600), each written whole or not at all.
 */
public final class StateDirectory {
  private static final Set<PosixFilePermission> USER_DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> USER_FILE = PosixFilePermissions.fromString("rw-------");

  private final Path dir;

  public StateDirectory(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  public Path path() {
    return dir;
  }

  /**
   * Makes the directory if it is missing, 0700 from its creation, and refuses one that another user
   * could change: a symbolic link, not a directory, or owned by anyone but this process's effective
   * user. Whoever owns the directory can replace {@code credentials.json} in it and so hand
   * themselves an admin token; a directory made in advance by someone else must not be adopted.
   * An existing one of ours that others may enter is closed to them.
   */
  public void ensure() throws IOException {
    Files.createDirectories(dir.getParent());
    try {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(USER_DIR));
    } catch (FileAlreadyExistsException e) {
      // It was there already, or another process made it first: checked below either way.
    }
    PosixFileAttributes attributes = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    if (attributes.isSymbolicLink()) {
      throw new UntrustedFileException("the state directory " + dir + " is a symbolic link; give the real directory");
    }
    if (!attributes.isDirectory()) {
      throw new UntrustedFileException("the state directory " + dir + " is not a directory");
    }
    int owner = ownerOf(dir);
    if (owner != Accounts.euid()) {
      throw new UntrustedFileException("the state directory " + dir + " is owned by uid " + owner + ", not by this user (uid "
          + Accounts.euid() + "), who could replace its credentials; remove it or give it to this user");
    }
    if (!attributes.permissions().equals(USER_DIR)) {
      Files.setPosixFilePermissions(dir, USER_DIR);
    }
  }

  /**
   * The text of {@code name} in the directory, if it is a regular file of this process's effective
   * user and not a symbolic link; empty if there is no such file.
   */
  public Optional<String> readOwn(String name) throws IOException {
    Path file = dir.resolve(name);
    PosixFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    checkOwn(file, attributes);
    // NOFOLLOW_LINKS opens with O_NOFOLLOW, so a link put in its place since the check is not followed.
    try (var channel = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of(new String(java.nio.channels.Channels.newInputStream(channel).readAllBytes(),
          StandardCharsets.UTF_8));
    }
  }

  /** Refuses {@code file} unless it is a regular file of this process's effective user, not a symbolic link. */
  public static void checkOwn(Path file) throws IOException {
    checkOwn(file, Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
  }

  private static void checkOwn(Path file, PosixFileAttributes attributes) throws IOException {
    if (attributes.isSymbolicLink()) {
      throw new UntrustedFileException(file + " is a symbolic link, not a file of the gateway's own");
    }
    if (!attributes.isRegularFile()) {
      throw new UntrustedFileException(file + " is not a regular file");
    }
    int owner = ownerOf(file);
    if (owner != Accounts.euid()) {
      throw new UntrustedFileException(file + " is owned by uid " + owner + ", not by this user (uid " + Accounts.euid()
          + "); refused, as another user could have written it");
    }
  }

  private static int ownerOf(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }

  /** UntrustedFileException says a file or directory is one another user could have written. */
  public static final class UntrustedFileException extends IOException {
    UntrustedFileException(String message) {
      super(message);
    }
  }

  /**
   * Writes {@code content} to {@code name} in the directory: a temporary file made 0600 from its
   * creation, forced to disk, then renamed over the old one, so a reader sees the old file or the
   * new one, never a part.
   */
  public Path writeSecret(String name, byte[] content) throws IOException {
    ensure();
    Path target = dir.resolve(name);
    Path temp = dir.resolve("." + name + "." + Secrets.randomHex(4) + ".tmp");
    try (FileChannel ch = FileChannel.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
        PosixFilePermissions.asFileAttribute(USER_FILE))) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        ch.write(buffer);
      }
      ch.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(temp);
      throw new IOException("cannot replace " + target + " atomically", e);
    }
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Some filesystems cannot force a directory; the rename is still atomic.
    }
    return target;
  }
}
