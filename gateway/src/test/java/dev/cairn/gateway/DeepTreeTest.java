package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots thousands of directories deep, committed straight into the repository (so deep a tree
 * cannot exist on a disk): every command that walks trees finishes, and none overflows its stack.
 */
@DisplayName("A snapshot thousands of directories deep")
@Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DeepTreeTest {
  @TempDir Path work;

  @Test
  @DisplayName("ls lists all 10,000 levels")
  void lsListsTenThousandLevels() {
    Path repo = work.resolve("repo");
    String id = DeepSnapshot.commit(repo, 10_000);
    LineCounter out = new LineCounter();
    StringWriter err = new StringWriter();

    int code = CairnCommand.execute(new String[] {"ls", "-r", repo.toString(), id}, java.util.Map.of(),
        new PrintWriter(out, true),
        new PrintWriter(err, true));

    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString()).doesNotContain("StackOverflowError");
    assertThat(out.lines).isEqualTo(10_000 + 2);
    assertThat(out.longest.toString()).endsWith(" /" + DeepSnapshot.path(10_000) + "/end.txt");
    assertThat(out.last.toString()).endsWith(" /" + DeepSnapshot.path(5_000) + "/middle.txt");
  }

  @Test
  @DisplayName("check reads all 10,000 levels and finds no problem")
  void checkPassesTenThousandLevels() {
    Path repo = work.resolve("repo");
    DeepSnapshot.commit(repo, 10_000);

    Cli.Result r = Cli.run("check", "-r", repo.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.lastLine()).contains("checked 1 snapshots").endsWith("no problems found");
  }

  @Test
  @DisplayName("restore writes all 1,000 levels byte for byte")
  void restoreThousandLevels() throws IOException {
    Path repo = work.resolve("repo");
    DeepSnapshot.commit(repo, 1_000);
    Path target = work.resolve("t");

    Cli.Result r = Rounds.restore(repo, target);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.out()).contains("Restored 2 files in 1,000 directories");
    assertThat(Files.readAllBytes(target.resolve(DeepSnapshot.path(1_000)).resolve("end.txt")))
        .isEqualTo(DeepSnapshot.END);
    assertThat(Files.readAllBytes(target.resolve(DeepSnapshot.path(500)).resolve("middle.txt")))
        .isEqualTo(DeepSnapshot.MIDDLE);
  }

  @Test
  @DisplayName("restore of 10,000 levels ends, naming the path that is too long, and exits non-zero")
  void restoreTenThousandLevelsEnds() {
    Path repo = work.resolve("repo");
    DeepSnapshot.commit(repo, 10_000);
    Path target = work.resolve("t");

    Cli.Result r = Rounds.restore(repo, target);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains("the path is too long").doesNotContain("StackOverflowError");
    assertThat(target.resolve(DeepSnapshot.path(1_000))).isDirectory();
  }

  /** A writer that counts lines and keeps only the longest and the last, so 100 MB of listing need not be held. */
  private static final class LineCounter extends Writer {
    long lines;
    StringBuilder last = new StringBuilder();
    StringBuilder longest = new StringBuilder();
    private StringBuilder current = new StringBuilder();

    @Override
    public void write(char[] buf, int off, int len) {
      for (int i = off; i < off + len; i++) {
        if (buf[i] == '\n') {
          lines++;
          last = current;
          longest = current.length() > longest.length() ? current : longest;
          current = new StringBuilder();
        } else {
          current.append(buf[i]);
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
