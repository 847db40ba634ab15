package dev.cairn.store;

import dev.cairn.common.Failures;
import dev.cairn.common.crypto.KeyFile;
import dev.cairn.common.crypto.MasterKey;
import dev.cairn.common.crypto.WrongPassword;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * KeyFolder is a repository's {@code keys/} folder: one {@link KeyFile} per password, each named by
 * its id, the hash of its bytes.
 */
final class KeyFolder {
  static final String FOLDER = "keys/";

  private KeyFolder() {}

  /** A key file as found in the folder. */
  record Found(String id, byte[] content) {}

  /** The master key a password opened, and the id of the key file that held it. */
  record Unlocked(MasterKey key, String keyId) {}

  /** Every key file whose name is its id; a file of another name is not a key file and is ignored. */
  static List<Found> all(Storage storage) throws IOException {
    List<Found> found = new ArrayList<>();
    for (String name : storage.list(FOLDER)) {
      String id = name.substring(FOLDER.length());
      try {
        byte[] content = BoundedRead.read(storage, name, KeyFile.MAX_BYTES);
        if (KeyFile.id(content).equals(id)) {
          found.add(new Found(id, content));
        }
      } catch (IllegalArgumentException tooLarge) {
        // Not a key file: one that large was never written by cairn.
      }
    }
    return found;
  }

  /** Writes a new key file and returns its id. */
  static String write(Storage storage, KeyFile key) throws IOException {
    byte[] content = key.encode();
    String id = KeyFile.id(content);
    Repository.writeFile(storage, FOLDER + id, content);
    return id;
  }

  /**
   * Opens the master key with {@code password}, trying each key file; {@code where} names the
   * repository in the failure.
   *
   * @throws RepositoryException with {@link Failures#UNAUTHORIZED} if no key file opens with it
   */
  static Unlocked unlock(Storage storage, String repositoryId, char[] password, String where) throws IOException {
    int unreadable = 0;
    for (Found found : all(storage)) {
      KeyFile key;
      try {
        key = KeyFile.decode(found.content());
      } catch (IllegalArgumentException e) {
        unreadable++;
        continue;
      }
      try {
        return new Unlocked(key.open(password, repositoryId), found.id());
      } catch (WrongPassword e) {
        // Try the next key file: each is another password's.
      }
    }
    throw new RepositoryException(Failures.UNAUTHORIZED, "wrong password or no key in " + where + " opens with it"
        + (unreadable == 0 ? "" : " (" + unreadable + " key files could not be read)"));
  }
}
