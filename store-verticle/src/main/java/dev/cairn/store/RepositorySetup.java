package dev.cairn.store;

import dev.cairn.common.ChunkerParams;
import dev.cairn.common.crypto.Compression;
import dev.cairn.common.crypto.PasswordSource;

/**
 * RepositorySetup says how a store opens its repository: whether it may create one where there is
 * none, and what a new one is like.
 *
 * @param create make a repository if the directory is missing or empty
 * @param encrypted a new repository is encrypted (format 2); otherwise plain text (format 1)
 * @param chunker the chunker of a new repository
 * @param compression the default compression of a new encrypted repository
 * @param passwords where the password comes from, asked only for an encrypted repository
 */
public record RepositorySetup(boolean create, boolean encrypted, ChunkerParams chunker, Compression compression,
    PasswordSource passwords) {
  /** Opens an existing repository only. */
  public static RepositorySetup existing(PasswordSource passwords) {
    return new RepositorySetup(false, true, ChunkerParams.defaults(), Compression.auto(), passwords);
  }

  /** Opens the repository, creating an encrypted one with the defaults if there is none. */
  public static RepositorySetup createIfMissing(PasswordSource passwords) {
    return new RepositorySetup(true, true, ChunkerParams.defaults(), Compression.auto(), passwords);
  }

  /**
   * Opens a plain-text repository, creating one with {@code chunker} if {@code create} and there is
   * none; an encrypted repository found there asks no password and fails to open.
   */
  public static RepositorySetup plainText(boolean create, ChunkerParams chunker) {
    return new RepositorySetup(create, false, chunker, Compression.off(),
        PasswordSource.none("this store was given no password"));
  }

  /** This setup, making a plain-text repository if it makes one. */
  public RepositorySetup withoutEncryption() {
    return new RepositorySetup(create, false, chunker, Compression.off(), passwords);
  }

  /** This setup, making a repository that compresses as {@code other} says by default. */
  public RepositorySetup withCompression(Compression other) {
    return new RepositorySetup(create, encrypted, chunker, other, passwords);
  }

  /** This setup, making a repository that chunks with {@code other}. */
  public RepositorySetup withChunker(ChunkerParams other) {
    return new RepositorySetup(create, encrypted, other, compression, passwords);
  }
}
