package dev.cairn.common.tree;

import dev.cairn.common.wire.WireIn;
import dev.cairn.common.wire.WireOut;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * TreeCodec turns one directory's entries into a tree object and back.
 *
 * <p>The encoding is canonical: entries sorted by the unsigned bytes of their names, no duplicates,
 * fixed field order. The same directory therefore always has the same tree id, which is what lets
 * unchanged directories deduplicate across snapshots and nodes.
 */
public final class TreeCodec {
  /** The first byte of every tree object; a new layout takes a new number. */
  public static final int FORMAT = 1;

  /** Orders entries as a tree object stores them. */
  public static final Comparator<Node> BY_NAME = (a, b) -> Arrays.compareUnsigned(a.name(), b.name());

  private TreeCodec() {}

  /** Encodes {@code entries}, sorting them by name; two entries with one name are refused. */
  public static byte[] encode(List<Node> entries) {
    List<Node> sorted = new ArrayList<>(entries);
    sorted.sort(BY_NAME);
    for (int i = 1; i < sorted.size(); i++) {
      if (BY_NAME.compare(sorted.get(i - 1), sorted.get(i)) == 0) {
        throw new IllegalArgumentException("two entries named " + sorted.get(i).printableName());
      }
    }
    WireOut out = new WireOut().u8(FORMAT);
    out.list(sorted, (o, n) -> n.write(o));
    return out.buffer().getBytes();
  }

  /** Decodes a tree object; anything malformed or unsafe is an {@link IllegalArgumentException}. */
  public static List<Node> decode(byte[] tree) {
    try {
      WireIn in = new WireIn(tree);
      int format = in.u8();
      if (format != FORMAT) {
        throw new IllegalArgumentException("unknown tree format " + format);
      }
      List<Node> entries = in.list(Node::read);
      if (!in.atEnd()) {
        throw new IllegalArgumentException("trailing bytes after tree entries");
      }
      for (int i = 1; i < entries.size(); i++) {
        if (BY_NAME.compare(entries.get(i - 1), entries.get(i)) >= 0) {
          throw new IllegalArgumentException("tree entries out of order or repeated at " + entries.get(i).printableName());
        }
      }
      return entries;
    } catch (IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("truncated tree object", e);
    }
  }
}
