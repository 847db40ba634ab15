package dev.cairn.common.crypto;

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
}
