package dev.cairn.common.message;

/** BlobType says what a stored blob holds: file content or a directory's tree object. */
public enum BlobType {
  DATA,
  TREE;

  /** The type with ordinal {@code code}, as stored in packs and indexes. */
  public static BlobType of(int code) {
    if (code < 0 || code >= values().length) {
      throw new IllegalArgumentException("unknown blob type " + code);
    }
    return values()[code];
  }
}
