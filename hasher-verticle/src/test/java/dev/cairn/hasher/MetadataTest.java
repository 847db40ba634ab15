package dev.cairn.hasher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.tree.Node;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("A restored file's metadata")
class MetadataTest {
  @TempDir Path dir;

  private static Node file(int mode) {
    return new Node(Node.Kind.FILE, "f".getBytes(StandardCharsets.UTF_8), mode, 1_700_000_000_123_456_789L, 0, 1, 0,
        List.of(), null, null);
  }

  @ParameterizedTest(name = "mode {0}")
  @ValueSource(ints = {0644, 0666, 0640, 0600, 0700, 0751, 0444, 0777})
  @DisplayName("comes back exactly, whatever the umask clears at creation")
  void modeAndTime(int mode) throws IOException {
    Node node = file(mode);
    Path path = dir.resolve("f");
    Files.newByteChannel(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
        Metadata.createMode(node)).close();
    FileTime now = FileTime.from(Instant.parse("2030-01-02T03:04:05Z"));

    Metadata.apply(path, node, Metadata.createdExact(node), now);

    assertThat((int) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777).isEqualTo(mode);
    assertThat(Files.getLastModifiedTime(path).to(TimeUnit.NANOSECONDS)).isEqualTo(node.mtimeNanos());
    assertThat(Files.getAttribute(path, "lastAccessTime")).isEqualTo(now);
  }

  @Test
  @DisplayName("skips chmod only when the umask cannot have cleared a bit and no special bit is set")
  void createdExact() {
    int umask = Umask.current();
    assertThat(umask).as("the umask, read from /proc/self/status").isBetween(0, 0777);
    assertThat(Metadata.createdExact(file(0777 & ~umask))).isTrue();
    assertThat(Metadata.createdExact(file(04755 & ~umask))).isFalse();
    if (umask != 0) {
      assertThat(Metadata.createdExact(file(0777))).isFalse();
    }
  }

  @Test
  @DisplayName("reads the umask from a status file, and says -1 when it cannot")
  void readsUmask() throws IOException {
    Path status = dir.resolve("status");
    Files.writeString(status, "Name:\tjava\nUmask:\t0027\nState:\tR (running)\n");
    assertThat(Umask.read(status)).isEqualTo(027);
    Files.writeString(status, "Name:\tjava\n");
    assertThat(Umask.read(status)).isEqualTo(-1);
    assertThat(Umask.read(dir.resolve("missing"))).isEqualTo(-1);
  }
}
