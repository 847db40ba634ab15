package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * File names holding terminal escape sequences and newlines: every line of text the command line
 * prints shows them escaped, so a name can neither recolour the terminal nor forge a line.
 */
@DisplayName("Names with control characters, printed as text,")
class TerminalEscapingTest {
  static final String RED = "\u001b[31mred";
  static final String FORGED = "evil\ncairn: forged line";

  @TempDir Path work;
  Path source;
  Path repo;

  @BeforeEach
  void backUp() throws IOException {
    source = Files.createDirectories(work.resolve("src"));
    Files.writeString(source.resolve(RED), "red");
    Files.writeString(source.resolve(FORGED), "forged");
    repo = work.resolve("repo");
    Cli.Result r = Rounds.backupPlainText(repo, source);
    assertThat(r.exitCode()).as(r.toString()).isZero();
  }

  @Test
  @DisplayName("are escaped by ls, one line each")
  void lsEscapes() {
    Cli.Result r = Cli.run("ls", "--repo", repo.toString(), "latest", source.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertNoRawControl(r);
    assertThat(r.lines()).hasSize(3);
    assertThat(r.out()).contains(source + "/\\x1b[31mred").contains(source + "/evil\\x0acairn: forged line");
  }

  @Test
  @DisplayName("are escaped in restore's error lines")
  void restoreErrorsEscape() throws IOException {
    Path target = work.resolve("t");
    Path restoredAt = Rounds.restoredAt(target, source);
    // A directory where each file goes makes both files fail to restore, by name.
    Files.createDirectories(restoredAt.resolve(RED).resolve("x"));
    Files.createDirectories(restoredAt.resolve(FORGED).resolve("x"));

    Cli.Result r = Rounds.restore(repo, target);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertNoRawControl(r);
    assertThat(r.err()).contains(restoredAt + "/\\x1b[31mred").contains(restoredAt + "/evil\\x0acairn: forged line");
    assertThat(r.err().lines().filter(line -> line.startsWith("cairn: forged line"))).isEmpty();
  }

  @Test
  @DisplayName("are escaped in check's report of damage")
  void checkEscapes() throws IOException {
    // The pack holds both files' content ("red", "forged") first, then the trees: damage the content.
    Path pack = RepositoryDamage.packFiles(repo).get(0);
    for (int i = 0; i < "red".length() + "forged".length(); i++) {
      SampleTree.flipByte(pack, i);
    }

    Cli.Result r = Cli.run("check", "--read-data", "--repo", repo.toString());

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    assertNoRawControl(r);
    assertThat(r.out()).contains("\\x1b[31mred").contains("evil\\x0acairn: forged line");
  }

  private static void assertNoRawControl(Cli.Result r) {
    assertThat(r.out() + r.err()).doesNotContain("\u001b");
    assertThat(r.out().lines().filter(line -> line.startsWith("cairn: forged line"))).isEmpty();
  }
}
