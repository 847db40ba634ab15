package dev.cairn.store;

import java.io.IOException;

/**
 * BoundedRead reads a whole repository file only after checking its size against what such a file
 * can hold, so that a damaged or planted file of gigabytes is named, not loaded into the heap.
 */
final class BoundedRead {
  /** A config file is a few hundred bytes. */
  static final int CONFIG_BYTES = 64 << 10;
  /** A snapshot file is JSON: its paths, totals and the errors of its backup. */
  static final int SNAPSHOT_BYTES = 64 << 20;
  /** An index file lists at most every blob of a repository, at 45 bytes a blob. */
  static final int INDEX_BYTES = 1 << 30;

  private BoundedRead() {}

  /**
   * Reads {@code name} whole if it is at most {@code max} bytes; otherwise fails with an
   * {@link IllegalArgumentException} naming the file, its size and the limit.
   */
  static byte[] read(Storage storage, String name, long max) throws IOException {
    long size = storage.size(name);
    if (size > max) {
      throw new IllegalArgumentException(name + " is " + size + " bytes, more than such a file can be (at most "
          + max + ")");
    }
    return storage.read(name);
  }
}
