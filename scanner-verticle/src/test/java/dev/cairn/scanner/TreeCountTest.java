package dev.cairn.scanner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Counting a backup's sources ahead of the walk")
class TreeCountTest {
  @TempDir Path base;

  @Test
  @DisplayName("counts regular files once, even under nested sources, and follows no link")
  void countsFilesOnce() throws Exception {
    Path src = Files.createDirectories(base.resolve("src/inner"));
    Files.write(base.resolve("src/a"), new byte[100]);
    Files.write(src.resolve("b"), new byte[20]);
    Files.createSymbolicLink(base.resolve("src/link"), src);
    Path elsewhere = Files.createDirectories(base.resolve("elsewhere"));
    Files.write(elsewhere.resolve("c"), new byte[3]);

    TreeCount.Total total = TreeCount.count(List.of(base.resolve("src").toString(), src.toString(),
        elsewhere.toString(), base.resolve("missing").toString()), () -> false);

    assertThat(total).isEqualTo(new TreeCount.Total(3, 123));
  }

  @Test
  @DisplayName("stops when told to")
  void stops() throws Exception {
    Files.write(Files.createDirectories(base.resolve("src/d")).resolve("f"), new byte[10]);

    assertThat(TreeCount.count(List.of(base.resolve("src").toString()), () -> true)).isEqualTo(new TreeCount.Total(0, 0));
  }
}
