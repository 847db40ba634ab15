package dev.cairn.common;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * ChunkId is the 32-byte BLAKE3-256 digest that names every object in a repository: data chunks,
 * tree objects, packs, index files and snapshots.
 *
 * <p>Its printed forms are the full 64-character lower-case hex and a short 8-character prefix
 * for people; a prefix is only a way to find an id, never an identity.
 */
public final class ChunkId implements Comparable<ChunkId> {
  /** Length of an id in bytes. */
  public static final int LENGTH = 32;
  /** Length of the short printable form in hex characters. */
  public static final int SHORT_HEX_LENGTH = 8;

  private static final HexFormat HEX = HexFormat.of();

  private final byte[] bytes;
  private final int hash;

  private ChunkId(byte[] bytes) {
    this.bytes = bytes;
    this.hash = (bytes[0] & 0xff) << 24 | (bytes[1] & 0xff) << 16 | (bytes[2] & 0xff) << 8 | (bytes[3] & 0xff);
  }

  /** Wraps a copy of {@code LENGTH} bytes from {@code src} at {@code offset}. */
  public static ChunkId of(byte[] src, int offset) {
    if (offset < 0 || src.length - offset < LENGTH) {
      throw new IllegalArgumentException("a chunk id needs " + LENGTH + " bytes");
    }
    return new ChunkId(Arrays.copyOfRange(src, offset, offset + LENGTH));
  }

  /** Wraps a copy of exactly {@code LENGTH} bytes. */
  public static ChunkId of(byte[] digest) {
    if (digest.length != LENGTH) {
      throw new IllegalArgumentException("a chunk id is " + LENGTH + " bytes, got " + digest.length);
    }
    return of(digest, 0);
  }

  /** Parses the full 64-character hex form. */
  public static ChunkId fromHex(String hex) {
    if (hex.length() != LENGTH * 2) {
      throw new IllegalArgumentException("an id is " + LENGTH * 2 + " hex characters: " + hex);
    }
    try {
      return new ChunkId(HEX.parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a hex id: " + hex, e);
    }
  }

  /** Reports whether {@code text} looks like the full hex form of an id. */
  public static boolean isHex(String text) {
    return text.length() == LENGTH * 2 && text.chars().allMatch(ChunkId::isHexDigit);
  }

  /** Reports whether {@code c} is a lower-case hex digit. */
  public static boolean isHexDigit(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }

  /** Copies the id into {@code dst} at {@code offset}. */
  public void copyTo(byte[] dst, int offset) {
    System.arraycopy(bytes, 0, dst, offset, LENGTH);
  }

  /** Returns a copy of the id's bytes. */
  public byte[] toBytes() {
    return bytes.clone();
  }

  /** Returns byte {@code i} of the id. */
  public byte byteAt(int i) {
    return bytes[i];
  }

  /** Returns the full lower-case hex form. */
  public String hex() {
    return HEX.formatHex(bytes);
  }

  /** Returns the short printable form, the first {@value #SHORT_HEX_LENGTH} hex characters. */
  public String shortHex() {
    return HEX.formatHex(bytes, 0, SHORT_HEX_LENGTH / 2);
  }

  /** Compares this id with the id stored in {@code other} at {@code offset}. */
  public boolean equalsAt(byte[] other, int offset) {
    return Arrays.equals(bytes, 0, LENGTH, other, offset, offset + LENGTH);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChunkId other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public int compareTo(ChunkId o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
