package dev.cairn.store;

import dev.cairn.common.ChunkerParams;
import dev.cairn.common.Failures;
import dev.cairn.common.crypto.BlobCodec;
import dev.cairn.common.crypto.Compression;
import dev.cairn.common.crypto.KeyFile;
import dev.cairn.common.crypto.MasterKey;
import dev.cairn.common.crypto.PasswordSource;
import dev.cairn.common.crypto.PasswordSource.MissingPassword;
import dev.cairn.common.message.StoreMessages.Info;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * RepositoryOpening opens a repository directory: it creates one where asked (open to its owner
 * alone, see {@link OwnerOnly}), reads and checks its config, unlocks an encrypted one with the
 * password, and takes its lock, except on read-only media, where no writer can exist and the
 * repository is opened for reading without one.
 *
 * <p>A new encrypted repository is written key file first, config last: the config is what makes a
 * directory a repository, so a creation that fails before it leaves none.
 */
final class RepositoryOpening {
  private RepositoryOpening() {}

  /** See {@link Repository#open(Path, RepositorySetup)}. */
  static Repository open(Path dir, RepositorySetup setup) {
    try {
      if (Files.exists(dir) && !Files.isDirectory(dir)) {
        throw new RepositoryException(Failures.BAD_INPUT, dir + " is a file, not a repository");
      }
      LocalStorage storage = new LocalStorage(dir);
      if (storage.exists(RepositoryConfig.FILE)) {
        return locked(storage, dir, unlock(storage, dir.toString(), setup.passwords()));
      }
      boolean empty = !Files.exists(dir) || isEmptyDirectory(dir);
      if (!setup.create() || !empty) {
        throw new RepositoryException(Failures.NOT_FOUND, empty
            ? "no repository at " + dir + " (create one with: cairn init --repo " + dir + ")"
            : dir + " is not a cairn repository (it has no config file)");
      }
      return locked(storage, dir, create(storage, dir, setup));
    } catch (IOException e) {
      throw Repository.storageFailure("cannot open repository " + dir, e);
    }
  }

  /** See {@link Repository#open(Storage, String)}. */
  static Repository open(Storage storage, String where, PasswordSource passwords) {
    try {
      return new Repository(storage, null, unlock(storage, where, passwords), null);
    } catch (IOException e) {
      throw Repository.storageFailure("cannot open repository " + where, e);
    }
  }

  /**
   * Starts deriving the key of the encrypted repository in {@code dir} on a thread of its own, so
   * that the half second of Argon2id overlaps the start of the node; the store's opening then finds
   * the derivation done or under way ({@link dev.cairn.common.crypto.Kdf#derive} remembers it).
   * Anything that fails here is left for the opening to report; a password that would have to be
   * asked for is not asked here.
   */
  static void prepareKey(Path dir, PasswordSource passwords) {
    if (passwords.asks()) {
      return;
    }
    Thread thread = new Thread(() -> {
      try {
        LocalStorage storage = new LocalStorage(dir);
        if (!storage.exists(RepositoryConfig.FILE)) {
          return;
        }
        Info info = RepositoryConfig.decode(config(storage), dir.toString());
        if (info.encrypted()) {
          char[] password = passwords.password(false);
          try {
            KeyFolder.unlock(storage, info.repositoryId(), password, dir.toString());
          } finally {
            Arrays.fill(password, '\0');
          }
        }
      } catch (IOException | RuntimeException e) {
        // The opening meets the same problem and names it.
      }
    }, "cairn-key-derivation");
    thread.setDaemon(true);
    thread.start();
  }

  /** A repository's config, how its files are laid out, and which key file opened it ({@code null} for plain text). */
  record Opened(Info info, RepositoryFormat format, String keyId) {}

  /** Reads the config and, for an encrypted repository, opens its master key with the password. */
  static Opened unlock(Storage storage, String where, PasswordSource passwords) throws IOException {
    byte[] content = config(storage);
    Info info = RepositoryConfig.decode(content, where);
    if (!info.encrypted()) {
      if (!KeyFolder.all(storage).isEmpty()) {
        throw new RepositoryException(Failures.CORRUPT, where + "'s config says plain text, yet it holds key files: "
            + "the config of an encrypted repository was replaced; refusing to write plain text into it");
      }
      return new Opened(info, RepositoryFormat.PLAIN, null);
    }
    char[] password = password(passwords, false);
    try {
      KeyFolder.Unlocked unlocked = KeyFolder.unlock(storage, info.repositoryId(), password, where);
      RepositoryConfig.verify(content, info, unlocked.key(), where);
      BlobCodec codec = BlobCodec.encrypted(unlocked.key(), Compression.parse(info.compression()));
      return new Opened(info, RepositoryFormat.encrypted(codec), unlocked.keyId());
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /** Makes a new repository in {@code dir}, which is missing or empty, as {@code setup} says. */
  private static Opened create(LocalStorage storage, Path dir, RepositorySetup setup) throws IOException {
    // The password comes first: a creation without one must leave nothing behind.
    char[] password = setup.encrypted() ? password(setup.passwords(), true) : null;
    try {
      if (Files.exists(dir)) {
        Files.setPosixFilePermissions(dir, OwnerOnly.DIRECTORY_MODE);
      } else {
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        OwnerOnly.createDirectory(dir);
      }
      byte[] random = new byte[16];
      new SecureRandom().nextBytes(random);
      String id = HexFormat.of().formatHex(random);
      ChunkerParams chunker = setup.chunker();
      if (!setup.encrypted()) {
        Info info = RepositoryConfig.plain(id, chunker);
        Repository.writeFile(storage, RepositoryConfig.FILE, RepositoryConfig.encode(info, null));
        PruneSpace.keepReserve(storage);
        return new Opened(info, RepositoryFormat.PLAIN, null);
      }
      MasterKey key = MasterKey.generate();
      String keyId = KeyFolder.write(storage, KeyFile.create(key, password, id, hostName(), userName()));
      Info info = RepositoryConfig.encrypted(id, chunker, setup.compression());
      Repository.writeFile(storage, RepositoryConfig.FILE, RepositoryConfig.encode(info, key));
      PruneSpace.keepReserve(storage);
      return new Opened(info, RepositoryFormat.encrypted(BlobCodec.encrypted(key, setup.compression())), keyId);
    } finally {
      if (password != null) {
        Arrays.fill(password, '\0');
      }
    }
  }

  /** The password from {@code passwords}, or a failure that says how to give one. */
  static char[] password(PasswordSource passwords, boolean creating) {
    try {
      return passwords.password(creating);
    } catch (MissingPassword e) {
      throw new RepositoryException(Failures.UNAUTHORIZED, e.getMessage(), e);
    }
  }

  /** Takes the repository's lock, then loads it; the lock is released again if loading fails. */
  private static Repository locked(Storage storage, Path dir, Opened opened) throws IOException {
    RepositoryLock lock;
    try {
      lock = RepositoryLock.acquire(dir);
    } catch (IOException e) {
      if (!RepositoryLock.readOnlyMedia(e)) {
        throw e;
      }
      // No writer can exist on read-only media, so reading needs no lock there.
      return new Repository(storage, null, opened, dir);
    }
    // Opened for writing: a repository made before its files were private is closed to others now.
    OwnerOnly.closeToOthers(dir);
    try {
      return new Repository(storage, lock, opened, null);
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

  /** The host name as the kernel has it: no lookup that could wait on a name server. */
  static String hostName() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    } catch (IOException e) {
      return "";
    }
  }

  static String userName() {
    return System.getProperty("user.name", "");
  }
}
