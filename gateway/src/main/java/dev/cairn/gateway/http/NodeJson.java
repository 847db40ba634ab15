package dev.cairn.gateway.http;

import dev.cairn.common.RawPaths;
import dev.cairn.common.posix.SpecialFiles;
import dev.cairn.common.tree.Node;
import dev.cairn.common.tree.Owner;
import dev.cairn.common.tree.Xattr;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;

/**
 * NodeJson shows one snapshot entry as the API does: name, path, type, size, mode, owner, time,
 * link target, device number and extended attribute names.
 */
public final class NodeJson {
  private NodeJson() {}

  static JsonObject of(Node n, String path) {
    JsonObject json = new JsonObject()
        .put("name", RawPaths.printable(n.name()))
        .put("path", path)
        .put("type", type(n))
        .put("size", n.size())
        .put("mode", mode(n))
        .put("mtime", Instant.ofEpochSecond(0, n.mtimeNanos()).toString());
    Owner owner = n.owner();
    if (owner != null) {
      json.put("user", owner.userShown()).put("group", owner.groupShown())
          .put("uid", Integer.toUnsignedLong(owner.uid())).put("gid", Integer.toUnsignedLong(owner.gid()));
    }
    if (n.kind() == Node.Kind.SYMLINK) {
      json.put("target", RawPaths.printable(n.linkTarget()));
    }
    if (n.kind() == Node.Kind.CHAR_DEVICE || n.kind() == Node.Kind.BLOCK_DEVICE) {
      json.put("device", device(n));
    }
    if (!n.xattrs().isEmpty()) {
      json.put("xattrs", new JsonArray(n.xattrs().stream().map(Xattr::printableName).toList()));
    }
    return json;
  }

  static String type(Node n) {
    return n.kind().name().toLowerCase(Locale.ROOT);
  }

  /**
   * The mode as {@code ls -l} prints it, special bits included: {@code -rwsr-xr-x} (set-uid),
   * {@code drwxrwsr-x} (set-gid), {@code drwxrwxrwt} (sticky), with a capital letter where the bit
   * is set without the execute bit under it.
   */
  public static String mode(Node n) {
    char type = switch (n.kind()) {
      case DIRECTORY -> 'd';
      case SYMLINK -> 'l';
      case FILE -> '-';
      case FIFO -> 'p';
      case CHAR_DEVICE -> 'c';
      case BLOCK_DEVICE -> 'b';
    };
    int mode = n.mode();
    StringBuilder s = new StringBuilder().append(type);
    String rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      s.append((mode & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
    }
    special(s, 3, (mode & 04000) != 0, 's');
    special(s, 6, (mode & 02000) != 0, 's');
    special(s, 9, (mode & 01000) != 0, 't');
    return s.toString();
  }

  /** The owner as {@code ls -l} shows it, {@code user/group}, numbers where there is no name; {@code ?} when unrecorded. */
  public static String owner(Node n) {
    Owner owner = n.owner();
    return owner == null ? "?/?" : owner.userShown() + "/" + owner.groupShown();
  }

  /** A device's number as {@code ls -l} shows it: {@code major, minor}. */
  public static String device(Node n) {
    return SpecialFiles.major(n.rdev()) + ", " + SpecialFiles.minor(n.rdev());
  }

  private static void special(StringBuilder s, int at, boolean set, char letter) {
    if (set) {
      s.setCharAt(at, s.charAt(at) == 'x' ? letter : Character.toUpperCase(letter));
    }
  }

  /** {@code dir} joined with an entry's printable name. */
  static String child(String dir, Node n) {
    return (dir.endsWith("/") ? dir : dir + "/") + RawPaths.printable(n.name());
  }
}
