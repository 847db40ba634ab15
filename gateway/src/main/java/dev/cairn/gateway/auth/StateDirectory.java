package dev.cairn.gateway.auth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
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

  /** Makes the directory if it is missing, and takes away any access of others to it. */
  public void ensure() throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir.getParent());
      try {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(USER_DIR));
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // Another process made it first; its mode is set below.
      }
    }
    if (!Files.getPosixFilePermissions(dir).equals(USER_DIR)) {
      Files.setPosixFilePermissions(dir, USER_DIR);
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
