package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn init} and {@code backup --init}, run as a user runs them. */
@DisplayName("Making a repository")
class InitCommandTest {
  /** Text that must not appear in the files of an encrypted repository. */
  private static final String MARKER = "the-plain-text-marker-0b6f2d";

  @TempDir Path work;
  Path source;
  Path repo;

  @BeforeEach
  void tree() throws IOException {
    source = Files.createDirectories(work.resolve("src/docs"));
    Files.writeString(source.resolve("note.txt"), MARKER + "\n".repeat(3));
    byte[] noise = new byte[200_000];
    new java.util.Random(7).nextBytes(noise);
    Files.write(source.resolve("noise.bin"), noise);
    repo = work.resolve("repo");
  }

  @Test
  @DisplayName("init makes an encrypted repository, says so, and a backup restores byte for byte; no file holds the plain text")
  void initBackupRestore() throws IOException {
    Cli.Result init = Cli.run("init", "--repo", repo.toString());
    assertThat(init.exitCode()).as(init.toString()).isZero();
    assertThat(init.lines()).hasSize(2);
    assertThat(init.lines().get(0)).matches("created encrypted repository [0-9a-f]{32} at " + repo);
    assertThat(init.lines().get(1)).contains("losing every password").contains("loses its data");

    Cli.Result backup = Cli.run("backup", "--repo", repo.toString(), source.toString());
    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    Path target = work.resolve("restored");
    Cli.Result restore = Rounds.restore(repo, target);
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    TreeComparison.assertSameTree(source, Rounds.restoredAt(target, source));
    assertThat(filesHolding(repo, MARKER)).as("repository files holding the plain text").isEmpty();
  }

  @Test
  @DisplayName("init refuses a repository that exists (--if-missing leaves it be) and a directory that is not empty, changing neither")
  void initRefusesTakenDirectories() throws IOException {
    assertThat(Cli.run("init", "--repo", repo.toString()).exitCode()).isZero();
    var before = TreeComparison.describe(repo);
    Cli.Result again = Cli.run("init", "--repo", repo.toString());
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).isEqualTo("cairn: " + repo + " is already a cairn repository\n");
    assertThat(TreeComparison.describe(repo)).isEqualTo(before);

    Cli.Result ifMissing = Cli.run("init", "--if-missing", "--repo", repo.toString());
    assertThat(ifMissing.exitCode()).as(ifMissing.toString()).isZero();
    assertThat(ifMissing.out()).isEqualTo(repo + " is a cairn repository already: left as it is\n");
    assertThat(TreeComparison.describe(repo)).isEqualTo(before);

    Path photos = Files.createDirectories(work.resolve("photos"));
    Files.writeString(photos.resolve("cat.jpg"), "meow");
    for (String[] args : List.of(new String[] {"init", "--repo", photos.toString()},
        new String[] {"init", "--if-missing", "--repo", photos.toString()})) {
      Cli.Result full = Cli.run(args);
      assertThat(full.exitCode()).isEqualTo(1);
      assertThat(full.err()).startsWith("cairn: " + photos + " is not empty").hasLineCount(1);
    }
    try (Stream<Path> entries = Files.list(photos)) {
      assertThat(entries).containsExactly(photos.resolve("cat.jpg"));
    }
  }

  @Test
  @DisplayName("a backup without --init into a path that is no repository fails naming cairn init, and creates nothing")
  void typoInRepoCreatesNothing() throws IOException {
    Path typo = work.resolve("x/repoo");
    Cli.Result backup = Cli.run("backup", "--repo", typo.toString(), source.toString());
    assertThat(backup.exitCode()).isEqualTo(1);
    assertThat(backup.err()).isEqualTo("cairn: no repository at " + typo + " (create one with: cairn init --repo "
        + typo + ")\n");
    assertThat(work.resolve("x")).doesNotExist();
    for (String command : List.of("snapshots", "check", "prune")) {
      Cli.Result r = Cli.run(command, "--repo", typo.toString());
      assertThat(r.exitCode()).as(command).isEqualTo(1);
      assertThat(r.err()).as(command).contains("cairn init --repo " + typo).hasLineCount(1);
    }
    assertThat(work.resolve("x")).doesNotExist();
  }

  @Test
  @DisplayName("backup --init makes the repository once, then backs up into it; --compression picks the backup's")
  void backupInit() throws IOException {
    Cli.Result first = Cli.run("backup", "--init", "--compression", "max", "--repo", repo.toString(), source.toString());
    assertThat(first.exitCode()).as(first.toString()).isZero();
    Cli.Result second = Cli.run("backup", "--init", "--compression", "off", "--repo", repo.toString(), source.toString());
    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(Cli.run("snapshots", "--repo", repo.toString()).lastLine()).isEqualTo("2 snapshots");
    Path target = work.resolve("restored");
    assertThat(Rounds.restore(repo, target).exitCode()).isZero();
    TreeComparison.assertSameTree(source, Rounds.restoredAt(target, source));

    Cli.Result wrong = Cli.run("backup", "--compression", "fast", "--repo", repo.toString(), source.toString());
    assertThat(wrong.exitCode()).isEqualTo(2);
    assertThat(wrong.err()).contains("--compression").contains("'fast'");
  }

  @Test
  @DisplayName("--no-encryption makes a plain-text repository on purpose, says so, and it has no keys")
  void plainText() throws IOException {
    Cli.Result init = Cli.runWith(java.util.Map.of(), "init", "--no-encryption", "--repo", repo.toString());
    assertThat(init.exitCode()).as(init.toString()).isZero();
    assertThat(init.lines().get(0)).matches("created plain-text repository [0-9a-f]{32} at " + repo);
    assertThat(init.lines().get(1)).contains("NOT encrypted");

    Cli.Result backup = Cli.runWith(java.util.Map.of(), "backup", "--repo", repo.toString(), source.toString());
    assertThat(backup.exitCode()).as("a plain-text repository asks no password: " + backup).isZero();
    Path target = work.resolve("restored");
    assertThat(Rounds.restore(repo, target).exitCode()).isZero();
    TreeComparison.assertSameTree(source, Rounds.restoredAt(target, source));
    assertThat(filesHolding(repo, MARKER)).as("a plain-text repository holds the text as it is").isNotEmpty();

    Cli.Result keys = Cli.run("key", "list", "--repo", repo.toString());
    assertThat(keys.exitCode()).isEqualTo(1);
    assertThat(keys.err()).isEqualTo("cairn: " + repo + " is not encrypted: it has no keys\n");
  }

  /** The files under {@code dir} whose bytes contain {@code text}. */
  static List<Path> filesHolding(Path dir, String text) throws IOException {
    byte[] needle = text.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).filter(f -> contains(read(f), needle)).toList();
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
