package dev.cairn.gateway.http;

import dev.cairn.common.RawPaths;
import dev.cairn.common.tree.Node;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;

/** NodeJson shows one snapshot entry as the API does: name, path, type, size, mode, time, link target. */
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
    if (n.kind() == Node.Kind.SYMLINK) {
      json.put("target", RawPaths.printable(n.linkTarget()));
    }
    return json;
  }

  static String type(Node n) {
    return n.kind().name().toLowerCase(Locale.ROOT);
  }

  /** The mode as {@code ls -l} prints it, e.g. {@code drwxr-xr-x}. */
  public static String mode(Node n) {
    char type = switch (n.kind()) {
      case DIRECTORY -> 'd';
      case SYMLINK -> 'l';
      case FILE -> '-';
    };
    StringBuilder s = new StringBuilder().append(type);
    String rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      s.append((n.mode() & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
    }
    return s.toString();
  }

  /** {@code dir} joined with an entry's printable name. */
  static String child(String dir, Node n) {
    return (dir.endsWith("/") ? dir : dir + "/") + RawPaths.printable(n.name());
  }
}
