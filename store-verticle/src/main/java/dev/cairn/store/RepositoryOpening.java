package dev.cairn.store;

import dev.cairn.common.ChunkerParams;
import dev.cairn.common.ContentHash;
import dev.cairn.common.Failures;
import dev.cairn.common.message.StoreMessages.Info;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * RepositoryOpening opens a repository directory: it creates one where asked (open to its owner
 * alone, see {@link OwnerOnly}), reads and checks its config, and takes its lock, except on read-only media, where no writer can exist and the
 * repository is opened for reading without one.
 */
final class RepositoryOpening {
  private RepositoryOpening() {}

  /** See {@link Repository#open(Path, boolean, ChunkerParams)}. */
  static Repository open(Path dir, boolean create, ChunkerParams chunker) {
    try {
      if (Files.exists(dir) && !Files.isDirectory(dir)) {
        throw new RepositoryException(Failures.BAD_INPUT, dir + " is a file, not a repository");
      }
      LocalStorage storage = new LocalStorage(dir);
      if (storage.exists(RepositoryConfig.FILE)) {
        return locked(storage, dir, RepositoryConfig.decode(config(storage), dir.toString()));
      }
      boolean empty = !Files.exists(dir) || isEmptyDirectory(dir);
      if (!create || !empty) {
        throw new RepositoryException(Failures.NOT_FOUND, empty
            ? "no repository at " + dir + " (a backup creates one)"
            : dir + " is not a cairn repository (it has no config file)");
      }
      if (Files.exists(dir)) {
        Files.setPosixFilePermissions(dir, OwnerOnly.DIRECTORY_MODE);
      } else {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        OwnerOnly.createDirectory(dir);
      }
      byte[] id = new byte[16];
      new SecureRandom().nextBytes(id);
      Info info = new Info(HexFormat.of().formatHex(id), RepositoryConfig.VERSION, chunker, ContentHash.blake3().name(),
          "");
      Repository.writeFile(storage, RepositoryConfig.FILE, RepositoryConfig.encode(info));
      PruneSpace.keepReserve(storage);
      return locked(storage, dir, info);
    } catch (IOException e) {
      throw Repository.storageFailure("cannot open repository " + dir, e);
    }
  }

  /** See {@link Repository#open(Storage, String)}. */
  static Repository open(Storage storage, String where) {
    try {
      return new Repository(storage, null, RepositoryConfig.decode(config(storage), where), null);
    } catch (IOException e) {
      throw Repository.storageFailure("cannot open repository " + where, e);
    }
  }

  /** Takes the repository's lock, then loads it; the lock is released again if loading fails. */
  private static Repository locked(Storage storage, Path dir, Info info) throws IOException {
    RepositoryLock lock;
    try {
      lock = RepositoryLock.acquire(dir);
    } catch (IOException e) {
      if (!RepositoryLock.readOnlyMedia(e)) {
        throw e;
      }
      // No writer can exist on read-only media, so reading needs no lock there.
      return new Repository(storage, null, info, dir);
    }
    // Opened for writing: a repository made before its files were private is closed to others now.
    OwnerOnly.closeToOthers(dir);
    try {
      return new Repository(storage, lock, info, null);
    } catch (IOException | RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** Reads the config file, refusing one too large to be a config as damage. */
  private static byte[] config(Storage storage) throws IOException {
    try {
      return BoundedRead.read(storage, RepositoryConfig.FILE, BoundedRead.CONFIG_BYTES);
    } catch (IllegalArgumentException e) {
      throw new RepositoryException(Failures.CORRUPT, "the repository's " + e.getMessage(), e);
    }
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    try (var entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }
}
