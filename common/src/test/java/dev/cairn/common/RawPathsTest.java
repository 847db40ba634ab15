package dev.cairn.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Raw paths")
class RawPathsTest {
  private static final byte[] NOT_UTF8 = {'b', 'a', 'd', (byte) 0xff, (byte) 0xfe};

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("are exact in this JVM, which opens the JDK's Unix path type")
  void exact() {
    assertThat(RawPaths.exact()).isTrue();
  }

  @Test
  @DisplayName("create a file whose name is not UTF-8, and list it back byte for byte")
  void nonUtf8NameSurvivesTheFilesystem(@TempDir Path dir) throws IOException {
    Path file = RawPaths.resolve(dir, NOT_UTF8);
    Files.write(file, utf8("content"));

    List<byte[]> names = new ArrayList<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir)) {
      for (Path p : listing) {
        names.add(RawPaths.bytes(p.getFileName()));
      }
    }

    assertThat(names).hasSize(1);
    assertThat(names.get(0)).containsExactly(NOT_UTF8);
    assertThat(Files.readString(RawPaths.resolve(dir, names.get(0)))).isEqualTo("content");
  }

  @Test
  @DisplayName("turn bytes into a path and back unchanged")
  void pathRoundTrip() {
    byte[] raw = RawPaths.join(utf8("/srv/données"), NOT_UTF8);

    assertThat(RawPaths.bytes(RawPaths.path(raw))).containsExactly(raw);
  }

  @Test
  @DisplayName("join a directory and a name with exactly one slash")
  void join() {
    assertThat(RawPaths.join(utf8("/home/zoë"), NOT_UTF8)).containsExactly(concat(utf8("/home/zoë/"), NOT_UTF8));
    assertThat(RawPaths.join(utf8("/home/zoë/"), utf8("notes"))).containsExactly(utf8("/home/zoë/notes"));
    assertThat(RawPaths.join(utf8("/"), utf8("etc"))).containsExactly(utf8("/etc"));
  }

  @Test
  @DisplayName("print invalid UTF-8 with replacement characters and valid UTF-8 as it is")
  void printable() {
    assertThat(RawPaths.printable(NOT_UTF8)).startsWith("bad").contains("\uFFFD");
    assertThat(RawPaths.printable(utf8("/home/zoë"))).isEqualTo("/home/zoë");
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
