package dev.cairn.store;

import dev.cairn.common.Failures;
import dev.cairn.common.crypto.KeyFile;
import dev.cairn.common.crypto.PasswordSource;
import dev.cairn.common.message.StoreMessages.Info;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * RepositoryKeys manages the key files of an encrypted repository: lists them, adds one for a new
 * password, removes one. It opens the repository with a password first, so only someone who can
 * already read the repository changes who else can.
 *
 * <p>It holds the repository's lock, as a writer does, for as long as it is open: two key changes
 * at once could each remove a different key and leave none, and a running store is told apart by
 * its lock. The password is tried first, so a wrong one writes nothing, not even the lock file. A key is written whole before it is listed and deleted durably; the last key is never
 * removed, since with it every password and so the data would be lost.
 */
public final class RepositoryKeys implements AutoCloseable {
  private final Path dir;
  private final LocalStorage storage;
  private final RepositoryLock lock;
  private final String repositoryId;
  private final KeyFolder.Unlocked unlocked;

  /** One key file of the repository, as {@link #list()} shows it. */
  public record Key(String id, Instant created, String host, String user, boolean inUse) {}

  private RepositoryKeys(Path dir, LocalStorage storage, RepositoryLock lock, String repositoryId,
      KeyFolder.Unlocked unlocked) {
    this.dir = dir;
    this.storage = storage;
    this.lock = lock;
    this.repositoryId = repositoryId;
    this.unlocked = unlocked;
  }

  /**
   * Opens the keys of the encrypted repository in {@code dir} with a password from {@code
   * passwords}, taking its lock.
   *
   * @throws RepositoryException NOT_FOUND if there is no repository, BAD_INPUT if it is plain text,
   *     CONFLICT if a store holds it, UNAUTHORIZED if the password opens no key
   */
  public static RepositoryKeys open(Path dir, PasswordSource passwords) {
    LocalStorage storage = new LocalStorage(dir);
    if (!Files.isDirectory(dir) || !storage.exists(RepositoryConfig.FILE)) {
      throw new RepositoryException(Failures.NOT_FOUND, Files.isDirectory(dir) && !isEmpty(dir)
          ? dir + " is not a cairn repository (it has no config file)"
          : "no repository at " + dir + " (create one with: cairn init --repo " + dir + ")");
    }
    try {
      byte[] content = BoundedRead.read(storage, RepositoryConfig.FILE, BoundedRead.CONFIG_BYTES);
      Info info = RepositoryConfig.decode(content, dir.toString());
      if (!info.encrypted()) {
        throw new RepositoryException(Failures.BAD_INPUT, dir + " is not encrypted: it has no keys");
      }
      // The password is tried before the lock is taken: a wrong one leaves the repository as it was.
      KeyFolder.Unlocked unlocked;
      char[] password = RepositoryOpening.password(passwords, false);
      try {
        unlocked = KeyFolder.unlock(storage, info.repositoryId(), password, dir.toString());
        RepositoryConfig.verify(content, info, unlocked.key(), dir.toString());
      } finally {
        Arrays.fill(password, '\0');
      }
      RepositoryLock lock = RepositoryLock.acquire(dir);
      try {
        if (!storage.exists(KeyFolder.FOLDER + unlocked.keyId())) {
          throw new RepositoryException(Failures.CONFLICT, "the key your password opened was removed from " + dir
              + " meanwhile: it no longer opens the repository");
        }
        return new RepositoryKeys(dir, storage, lock, info.repositoryId(), unlocked);
      } catch (RuntimeException e) {
        lock.close();
        throw e;
      }
    } catch (IllegalArgumentException e) {
      throw new RepositoryException(Failures.CORRUPT, "the repository's " + e.getMessage(), e);
    } catch (IOException e) {
      throw Repository.storageFailure("cannot open the keys of " + dir, e);
    }
  }

  /** The id of the key file the password opened. */
  public String inUse() {
    return unlocked.keyId();
  }

  /** Every key file, oldest first; one that cannot be read is listed with what is known (its id). */
  public List<Key> list() {
    List<Key> keys = new ArrayList<>();
    for (KeyFolder.Found found : found()) {
      boolean inUse = found.id().equals(unlocked.keyId());
      try {
        KeyFile key = KeyFile.decode(found.content());
        keys.add(new Key(found.id(), key.created(), key.host(), key.user(), inUse));
      } catch (IllegalArgumentException e) {
        keys.add(new Key(found.id(), null, "", "", inUse));
      }
    }
    keys.sort(Comparator.comparing(Key::created, Comparator.nullsLast(Comparator.naturalOrder())));
    return keys;
  }

  /** Writes a key file that opens the repository with {@code password}; returns its id. */
  public String add(char[] password, String host, String user) {
    try {
      return KeyFolder.write(storage, KeyFile.create(unlocked.key(), password, repositoryId, host, user));
    } catch (IOException e) {
      throw Repository.storageFailure("cannot write a key file to " + dir, e);
    }
  }

  /**
   * Removes the key file whose id starts with {@code prefix}, and returns its id. The last key is
   * never removed; the one in use only with {@code force}.
   *
   * @throws RepositoryException NOT_FOUND if no key matches, CONFLICT if several do or it is refused
   */
  public String remove(String prefix, boolean force) {
    List<KeyFolder.Found> all = found();
    List<String> matching = all.stream().map(KeyFolder.Found::id).filter(id -> id.startsWith(prefix)).toList();
    if (prefix.isEmpty() || matching.isEmpty()) {
      throw new RepositoryException(Failures.NOT_FOUND, "no key of " + dir + " has an id starting with '" + prefix + "'");
    }
    if (matching.size() > 1) {
      throw new RepositoryException(Failures.CONFLICT, "'" + prefix + "' starts " + matching.size()
          + " key ids; give more of the id");
    }
    String id = matching.get(0);
    if (all.size() == 1) {
      throw new RepositoryException(Failures.CONFLICT, "key " + shortId(id) + " is the only key of " + dir
          + ": without it no password opens the repository; add another first (cairn key add)");
    }
    if (id.equals(unlocked.keyId()) && !force) {
      throw new RepositoryException(Failures.CONFLICT, "key " + shortId(id) + " is the one your password opened; "
          + "give --force to remove it anyway (that password then no longer opens " + dir + ")");
    }
    try {
      storage.delete(KeyFolder.FOLDER + id);
    } catch (IOException e) {
      throw Repository.storageFailure("cannot remove key " + shortId(id) + " from " + dir, e);
    }
    return id;
  }

  /** The short form of a key id, as lists show it. */
  public static String shortId(String id) {
    return id.substring(0, Math.min(8, id.length()));
  }

  private List<KeyFolder.Found> found() {
    try {
      return KeyFolder.all(storage);
    } catch (IOException e) {
      throw Repository.storageFailure("cannot read the key files of " + dir, e);
    }
  }

  private static boolean isEmpty(Path dir) {
    try (var entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  /** Releases the repository's lock. */
  @Override
  public void close() {
    try {
      lock.close();
    } catch (IOException e) {
      throw Repository.storageFailure("cannot release the lock of " + dir, e);
    }
  }
}
