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
 *
 * <p>Format 2 added each entry's device and hard link count; format 3 the owner, the extended
 * attributes, FIFOs and devices. Trees of formats 1 and 2, written before, still decode: as entries
 * with one link, and with no owner and no extended attributes.
 */
public final class TreeCodec {
  /** The first byte of every tree object written; a new layout takes a new number. */
  public static final int FORMAT = 3;

  /** Orders entries as a tree object stores them. */
  public static final Comparator<Node> BY_NAME = (a, b) -> Arrays.compareUnsigned(a.name(), b.name());

  /**
   * A decoded tree object.
   *
   * @param entries the entries whose names are safe to join to a directory, in name order
   * @param refused the raw names of entries that are not (empty, {@code .}, {@code ..}, or holding
   *     {@code /} or NUL), which no writer of cairn produces: a tree holding them was made by hand
   */
  public record Decoded(List<Node> entries, List<byte[]> refused) {}

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
    Decoded decoded = decodeSafe(tree);
    if (!decoded.refused().isEmpty()) {
      throw new IllegalArgumentException("unsafe entry name: " + Node.printable(decoded.refused().get(0)));
    }
    return decoded.entries();
  }

  /**
   * Decodes a tree object, setting apart the entries whose names are unsafe instead of refusing the
   * whole tree, so a restore can write the others; anything malformed is an
   * {@link IllegalArgumentException}.
   */
  public static Decoded decodeSafe(byte[] tree) {
    try {
      WireIn in = new WireIn(tree);
      int format = in.u8();
      if (format < 1 || format > FORMAT) {
        throw new IllegalArgumentException("unknown tree format " + format);
      }
      List<byte[]> refused = new ArrayList<>();
      List<Node> entries = new ArrayList<>();
      List<byte[]> names = in.list(i -> {
        Node node = NodeFormat.read(i, format, refused);
        if (node == null) {
          return refused.get(refused.size() - 1);
        }
        entries.add(node);
        return node.name();
      });
      for (int i = 1; i < names.size(); i++) {
        if (Arrays.compareUnsigned(names.get(i - 1), names.get(i)) >= 0) {
          throw new IllegalArgumentException("tree entries out of order or repeated at " + Node.printable(names.get(i)));
        }
      }
      if (!in.atEnd()) {
        throw new IllegalArgumentException("trailing bytes after tree entries");
      }
      return new Decoded(List.copyOf(entries), List.copyOf(refused));
    } catch (IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("truncated tree object", e);
    }
  }
}
