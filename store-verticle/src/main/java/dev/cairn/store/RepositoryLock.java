package dev.cairn.store;

import dev.cairn.common.Failures;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * RepositoryLock makes one store the only one serving a repository: an operating-system lock on
 * the repository's {@code lock} file, which also names the holder (host, process, since when).
 *
 * <p>The operating system releases the lock when the holding process ends however it ends, so a
 * crashed store never leaves a stale lock behind; the file's text may stay, but no lock with it.
 */
final class RepositoryLock implements AutoCloseable {
  static final String FILE = "lock";

  private final FileChannel channel;
  private final FileLock lock;

  private RepositoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock of the repository in {@code dir}, or fails naming the store that holds it. */
  static RepositoryLock acquire(Path dir) throws IOException {
    FileChannel channel = FileChannel.open(dir.resolve(FILE), Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE), OwnerOnly.FILE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by another store in this JVM
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      String holder = holder(channel);
      channel.close();
      throw new RepositoryException(Failures.CONFLICT, "repository " + dir + " is in use by another cairn store ("
          + holder + "); stop it or use its HTTP API");
    }
    try {
      OwnerOnly.restrictFileIfOwned(dir.resolve(FILE));
      byte[] text = describeThisProcess().getBytes(StandardCharsets.UTF_8);
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(text), 0);
      channel.force(true);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    return new RepositoryLock(channel, lock);
  }

  /**
   * Reports whether {@code e}, met taking the lock, says the repository lies on a file system
   * mounted read-only (the kernel's EROFS).
   */
  static boolean readOnlyMedia(IOException e) {
    return e instanceof FileSystemException fs && "Read-only file system".equals(fs.getReason());
  }

  /** Releases the lock; closing it again does nothing. */
  @Override
  public void close() throws IOException {
    if (!channel.isOpen()) {
      return;
    }
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }

  private static String holder(FileChannel channel) throws IOException {
    ByteBuffer text = ByteBuffer.allocate((int) Math.min(channel.size(), 1024));
    while (text.hasRemaining() && channel.read(text, text.position()) > 0) {
      // read the holder's line
    }
    String line = new String(text.array(), 0, text.position(), StandardCharsets.UTF_8).trim();
    return line.isEmpty() ? "holder unknown" : line;
  }

  private static String describeThisProcess() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "unknown host";
    }
    return "host " + host + ", pid " + ProcessHandle.current().pid() + ", since "
        + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n";
  }
}
