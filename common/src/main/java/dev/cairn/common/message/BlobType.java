package dev.cairn.common.message;

/** BlobType says what a stored blob holds: file content or a directory's tree object. */
public enum BlobType {
  DATA,
  TREE;

  /** Every type, by ordinal; {@code values()} would copy the array on each lookup. */
  private static final BlobType[] BY_CODE = values();

  /** The type with ordinal {@code code}, as stored in packs and indexes. */
  public static BlobType of(int code) {
    if (code < 0 || code >= BY_CODE.length) {
      throw new IllegalArgumentException("unknown blob type " + code);
    }
    return BY_CODE[code];
  }
}
