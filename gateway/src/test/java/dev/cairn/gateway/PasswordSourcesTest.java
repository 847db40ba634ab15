package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the command line takes a repository's password from, and what a wrong or missing one does. */
@DisplayName("The password of an encrypted repository")
class PasswordSourcesTest {
  @TempDir Path work;
  Path source;
  Path repo;
  String wrongLine;

  @BeforeEach
  void repository() throws IOException {
    source = Files.createDirectories(work.resolve("src"));
    Files.writeString(source.resolve("a.txt"), "alpha");
    repo = work.resolve("repo");
    Cli.Result backup = Cli.run("backup", "--init", "--repo", repo.toString(), source.toString());
    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    wrongLine = "cairn: wrong password or no key in " + repo + " opens with it\n";
  }

  @Test
  @DisplayName("a wrong password is refused by every command with one line and exit 1, and nothing in the repository changes")
  void wrongPasswordEverywhere() throws IOException {
    var before = TreeComparison.describe(repo);
    String r = repo.toString();
    List<String[]> commands = List.of(
        new String[] {"backup", "--repo", r, source.toString()},
        new String[] {"backup", "--init", "--repo", r, source.toString()},
        new String[] {"snapshots", "--repo", r},
        new String[] {"ls", "--repo", r, "latest"},
        new String[] {"restore", "--repo", r, "latest", "--target", work.resolve("t").toString()},
        new String[] {"check", "--repo", r},
        new String[] {"forget", "--repo", r, "--keep-last", "1"},
        new String[] {"prune", "--repo", r},
        new String[] {"key", "list", "--repo", r},
        new String[] {"key", "add", "--repo", r});
    for (String[] command : commands) {
      Cli.Result result = Cli.runWith(Map.of("CAIRN_PASSWORD", "not the password", "CAIRN_NEW_PASSWORD", "x"), command);
      assertThat(result.exitCode()).as(String.join(" ", command)).isEqualTo(1);
      assertThat(result.err()).as(String.join(" ", command)).isEqualTo(wrongLine);
    }
    assertThat(TreeComparison.describe(repo)).as("the repository's files").isEqualTo(before);
    assertThat(work.resolve("t")).doesNotExist();
  }

  @Test
  @DisplayName("no password and no terminal: one line naming the four ways to give one, exit 1, nothing created")
  void missingPassword() {
    Cli.Result r = Cli.runWith(Map.of(), "snapshots", "--repo", repo.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).hasLineCount(1).contains(CliPasswords.FOUR_WAYS)
        .contains("--password-file, CAIRN_PASSWORD_FILE, CAIRN_PASSWORD or CAIRN_PASSWORD_COMMAND");

    Path fresh = work.resolve("fresh");
    Cli.Result init = Cli.runWith(Map.of(), "init", "--repo", fresh.toString());
    assertThat(init.exitCode()).isEqualTo(1);
    assertThat(init.err()).hasLineCount(1).contains(CliPasswords.FOUR_WAYS);
    assertThat(fresh).doesNotExist();
  }

  @Test
  @DisplayName("an empty password is refused for a new repository, which is then not made")
  void emptyPasswordOnCreation() {
    Path fresh = work.resolve("fresh");
    Cli.Result init = Cli.runWith(Map.of("CAIRN_PASSWORD", ""), "init", "--repo", fresh.toString());
    assertThat(init.exitCode()).isEqualTo(1);
    assertThat(init.err()).hasLineCount(1).contains("empty password");
    assertThat(fresh).doesNotExist();
  }

  @Test
  @DisplayName("comes from --password-file, CAIRN_PASSWORD_FILE, CAIRN_PASSWORD or CAIRN_PASSWORD_COMMAND")
  void everySource() throws IOException {
    Path file = Files.writeString(work.resolve("password"), TestPassword.PASSWORD + "\n");
    Path wrongFile = Files.writeString(work.resolve("wrong-password"), "nope\n");
    String r = repo.toString();

    assertOpens(Cli.runWith(Map.of(), "snapshots", "--password-file", file.toString(), "--repo", r));
    assertOpens(Cli.runWith(Map.of("CAIRN_PASSWORD_FILE", file.toString()), "snapshots", "--repo", r));
    assertOpens(Cli.runWith(Map.of("CAIRN_PASSWORD", TestPassword.PASSWORD), "snapshots", "--repo", r));
    assertOpens(Cli.runWith(Map.of("CAIRN_PASSWORD_COMMAND", "printf '%s\\nsecond line\\n' '" + TestPassword.PASSWORD
        + "'"), "snapshots", "--repo", r));
    // The first source given wins: the option, then the file, then the password, then the command.
    assertOpens(Cli.runWith(Map.of("CAIRN_PASSWORD", "nope"), "snapshots", "--password-file", file.toString(),
        "--repo", r));
    assertOpens(Cli.runWith(Map.of("CAIRN_PASSWORD_FILE", file.toString(), "CAIRN_PASSWORD", "nope"),
        "snapshots", "--repo", r));
    assertOpens(Cli.runWith(Map.of("CAIRN_PASSWORD", TestPassword.PASSWORD, "CAIRN_PASSWORD_COMMAND", "echo nope"),
        "snapshots", "--repo", r));
    Cli.Result wrong = Cli.runWith(Map.of("CAIRN_PASSWORD", TestPassword.PASSWORD), "snapshots", "--password-file",
        wrongFile.toString(), "--repo", r);
    assertThat(wrong.exitCode()).isEqualTo(1);
    assertThat(wrong.err()).isEqualTo(wrongLine);
  }

  @Test
  @DisplayName("a password command that fails, or a password file that is missing, is named in one line, exit 1")
  void brokenSources() {
    Cli.Result failing = Cli.runWith(Map.of("CAIRN_PASSWORD_COMMAND", "echo " + TestPassword.PASSWORD + "; exit 3"),
        "snapshots", "--repo", repo.toString());
    assertThat(failing.exitCode()).isEqualTo(1);
    assertThat(failing.err()).hasLineCount(1).contains("CAIRN_PASSWORD_COMMAND failed (exit 3)");

    Path missing = work.resolve("no-such-file");
    Cli.Result noFile = Cli.runWith(Map.of(), "snapshots", "--password-file", missing.toString(), "--repo",
        repo.toString());
    assertThat(noFile.exitCode()).isEqualTo(1);
    assertThat(noFile.err()).hasLineCount(1).contains("cannot read the password file " + missing);
  }

  @Test
  @DisplayName("serve with a wrong password exits 1 with the one line, and serves nothing")
  void serveWrongPassword() throws IOException {
    var before = TreeComparison.describe(repo);
    Cli.Result serve = Cli.runWith(Map.of("CAIRN_PASSWORD", "not the password"), "serve", "--repo", repo.toString(),
        "--port", "0", "--state-dir", work.resolve("state").toString());
    assertThat(serve.exitCode()).isEqualTo(1);
    assertThat(serve.err()).isEqualTo(wrongLine);
    assertThat(TreeComparison.describe(repo)).isEqualTo(before);
  }

  @Test
  @DisplayName("serve never creates a repository: a missing one fails naming cairn init")
  void serveCreatesNothing() {
    Path missing = work.resolve("not-yet");
    Cli.Result serve = Cli.run("serve", "--repo", missing.toString(), "--port", "0", "--state-dir",
        work.resolve("state").toString());
    assertThat(serve.exitCode()).isEqualTo(1);
    assertThat(serve.err()).contains("cairn init --repo " + missing).hasLineCount(1);
    assertThat(missing).doesNotExist();
  }

  private static void assertOpens(Cli.Result r) {
    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.lastLine()).isEqualTo("1 snapshot");
  }
}
