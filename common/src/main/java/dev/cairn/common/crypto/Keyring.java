package dev.cairn.common.crypto;

import dev.cairn.common.message.StoreMessages.Info;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Keyring holds the codecs of the repositories one node works with, by repository id, and the
 * node's password source. A store that opens a repository puts its codec here, so the hashers and
 * the scanner of the same node use it without deriving the key again; a node without the store
 * unlocks the repository's key files, which the store hands out, with its own password.
 */
public final class Keyring {
  private final PasswordSource passwords;
  private final Map<String, BlobCodec> codecs = new ConcurrentHashMap<>();

  public Keyring(PasswordSource passwords) {
    this.passwords = passwords;
  }

  /** A keyring with no password: it knows plain-text repositories and those a store of its node opened. */
  public static Keyring withoutPassword() {
    return new Keyring(PasswordSource.none("no password was given to this node"));
  }

  /** The password source of this node. */
  public PasswordSource passwords() {
    return passwords;
  }

  /** Remembers the codec of repository {@code repositoryId}. */
  public void remember(String repositoryId, BlobCodec codec) {
    codecs.put(repositoryId, codec);
  }

  /** The codec of repository {@code repositoryId}, if known, else what {@code unlock} makes (which is remembered). */
  public BlobCodec codec(String repositoryId, Supplier<BlobCodec> unlock) {
    BlobCodec known = codecs.get(repositoryId);
    if (known != null) {
      return known;
    }
    // Not computeIfAbsent: an unlock runs Argon2id for half a second, and would hold up every
    // other repository's lookup in the same bin meanwhile. Two threads that race both unlock, and
    // both get the codec that was remembered first.
    BlobCodec made = unlock.get();
    BlobCodec raced = codecs.putIfAbsent(repositoryId, made);
    return raced == null ? made : raced;
  }

  /** The codec of repository {@code repositoryId} if known, else {@code null}. */
  public BlobCodec known(String repositoryId) {
    return codecs.get(repositoryId);
  }

  /**
   * The codec of the repository {@code info} describes: plain text, the one remembered, or one
   * unlocked from the key files {@code info} carries with this node's password. Blocks while a
   * key is derived (about half a second): call it on a worker thread.
   *
   * @throws PasswordSource.MissingPassword if the node has no password
   * @throws WrongPassword if no key file opens with it
   */
  public BlobCodec codecFor(Info info) {
    if (!info.encrypted()) {
      return BlobCodec.PLAIN;
    }
    return codec(info.repositoryId(), () -> unlock(info));
  }

  private BlobCodec unlock(Info info) {
    char[] password = passwords.password(false);
    try {
      for (byte[] file : info.keyFiles()) {
        KeyFile key;
        try {
          key = KeyFile.decode(file);
        } catch (IllegalArgumentException e) {
          continue;
        }
        try {
          return BlobCodec.encrypted(key.open(password, info.repositoryId()), Compression.parse(info.compression()));
        } catch (WrongPassword e) {
          // The next key file may be this password's.
        }
      }
      throw new WrongPassword("wrong password or no key of repository " + info.repositoryId() + " opens with it");
    } finally {
      Arrays.fill(password, '\0');
    }
  }
}
