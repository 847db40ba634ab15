package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.ContentHash;
import dev.cairn.common.RawPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * TreeComparison describes a directory tree as a user would check it after a restore: every
 * entry's raw name, kind, permission bits, modification time, content and link target.
 */
final class TreeComparison {
  private TreeComparison() {}

  /** Asserts {@code restored} holds exactly what {@code original} holds. */
  static void assertSameTree(Path original, Path restored) throws IOException {
    Map<String, String> expected = describe(original);
    Map<String, String> actual = describe(restored);
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    assertThat(actual).containsExactlyEntriesOf(expected);
  }

  /** One line per entry, keyed by its path relative to {@code root} (raw bytes, hex-escaped where invalid). */
  static Map<String, String> describe(Path root) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    walk(root, root, entries);
    return entries;
  }

  private static void walk(Path root, Path dir, Map<String, String> entries) throws IOException {
    List<Path> children = new ArrayList<>();
    try (var stream = Files.newDirectoryStream(dir)) {
      stream.forEach(children::add);
    }
    for (Path child : children) {
      String key = escape(RawPaths.bytes(root.relativize(child)));
      Map<String, Object> a = Files.readAttributes(child, "unix:mode,lastModifiedTime,size", LinkOption.NOFOLLOW_LINKS);
      int mode = (Integer) a.get("mode");
      if (Files.isSymbolicLink(child)) {
        entries.put(key, "link -> " + escape(RawPaths.bytes(Files.readSymbolicLink(child))));
      } else if (Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
        entries.put(key, "dir " + Integer.toOctalString(mode & 07777) + " " + a.get("lastModifiedTime"));
        walk(root, child, entries);
      } else {
        entries.put(key, "file " + Integer.toOctalString(mode & 07777) + " " + a.get("lastModifiedTime") + " "
            + a.get("size") + " " + ContentHash.blake3().hash(Files.readAllBytes(child)).shortHex());
      }
    }
  }

  private static String escape(byte[] raw) {
    StringBuilder s = new StringBuilder();
    for (byte b : raw) {
      if (b >= 0x20 && b < 0x7f) {
        s.append((char) b);
      } else {
        s.append(String.format("\\x%02x", b & 0xff));
      }
    }
    return s.toString();
  }
}
