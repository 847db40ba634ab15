package dev.cairn.common.tree;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Xattr is one extended attribute of a tree entry, of any namespace: {@code user.*},
 * {@code trusted.*}, {@code security.*}, and the POSIX ACLs Linux keeps as
 * {@code system.posix_acl_access} and {@code system.posix_acl_default}.
 *
 * @param name the attribute's full name, namespace included, as raw bytes without a NUL
 * @param value the attribute's value, as raw bytes
 */
public record Xattr(byte[] name, byte[] value) {
  /** The longest name Linux allows (XATTR_NAME_MAX). */
  public static final int NAME_LIMIT = 255;
  /** The longest value Linux allows (XATTR_SIZE_MAX). */
  public static final int VALUE_LIMIT = 65536;
  /** The most attributes one entry may have: Linux lists at most 64 KiB of names. */
  public static final int COUNT_LIMIT = 65536 / 2;
  /** Orders attributes as a tree stores them: by the unsigned bytes of their names. */
  public static final Comparator<Xattr> BY_NAME = (a, b) -> Arrays.compareUnsigned(a.name, b.name);

  /** Checks that the attribute is one Linux could hold. */
  public Xattr {
    if (name == null || name.length == 0 || name.length > NAME_LIMIT) {
      throw new IllegalArgumentException("bad extended attribute name of " + (name == null ? 0 : name.length) + " bytes");
    }
    for (byte b : name) {
      if (b == 0) {
        throw new IllegalArgumentException("extended attribute name holds a NUL");
      }
    }
    if (value == null || value.length > VALUE_LIMIT) {
      throw new IllegalArgumentException("bad extended attribute value of " + (value == null ? 0 : value.length)
          + " bytes for " + new String(name, StandardCharsets.UTF_8));
    }
  }

  /** Makes an attribute from a text name. */
  public static Xattr of(String name, byte[] value) {
    return new Xattr(name.getBytes(StandardCharsets.UTF_8), value);
  }

  /** The name for people. */
  public String printableName() {
    return new String(name, StandardCharsets.UTF_8);
  }

  /** Reports whether this attribute's name is {@code name}. */
  public boolean named(String name) {
    return Arrays.equals(this.name, name.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Xattr x && Arrays.equals(name, x.name) && Arrays.equals(value, x.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(name) * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return printableName() + " (" + value.length + " bytes)";
  }
}
