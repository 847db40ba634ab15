package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One file in {@code snapshots/} whose content does not match its name: it hides no other
 * snapshot and stops no forget, while prune, which cannot know what it needs, deletes nothing.
 */
@DisplayName("A damaged snapshot file")
class DamagedSnapshotFileTest {
  private static final String DAMAGED = "1".repeat(64);

  @TempDir Path work;
  Path repo;
  String older;
  String newer;

  @BeforeEach
  void twoSnapshotsAndADamagedFile() throws IOException {
    repo = work.resolve("repo");
    Path source = Files.createDirectories(work.resolve("src"));
    Files.writeString(source.resolve("a.txt"), "first version\n", StandardCharsets.UTF_8);
    older = backup(source);
    Files.writeString(source.resolve("a.txt"), "second version, longer\n", StandardCharsets.UTF_8);
    newer = backup(source);
    Files.writeString(repo.resolve("snapshots").resolve(DAMAGED), "{\"not\": \"this snapshot\"}\n");
  }

  @Test
  @DisplayName("is named on stderr while every other snapshot is listed")
  void listsTheRest() {
    Cli.Result list = Cli.run("snapshots", "--repo", repo.toString());

    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.out()).contains(older.substring(0, 8)).contains(newer.substring(0, 8)).contains("2 snapshots");
    assertThat(list.err()).contains("snapshot " + DAMAGED + " is damaged").contains("snapshots/" + DAMAGED);
  }

  @Test
  @DisplayName("stops no forget of the others, and is itself never forgotten")
  void forgetWorksOnTheRest() {
    Cli.Result forget = Cli.run("forget", "--repo", repo.toString(), "--keep-last", "1");

    assertThat(forget.exitCode()).as(forget.toString()).isZero();
    assertThat(Files.exists(repo.resolve("snapshots").resolve(older))).isFalse();
    assertThat(Files.exists(repo.resolve("snapshots").resolve(newer))).isTrue();
    assertThat(Files.exists(repo.resolve("snapshots").resolve(DAMAGED))).isTrue();
  }

  @Test
  @DisplayName("makes prune refuse, naming it and deleting nothing, and check name it")
  void pruneRefusesAndCheckNamesIt() throws IOException {
    Cli.Result forget = Cli.run("forget", "--repo", repo.toString(), "--keep-last", "1");
    assertThat(forget.exitCode()).as(forget.toString()).isZero();
    List<Path> packsBefore = packs();

    Cli.Result prune = Cli.run("prune", "--repo", repo.toString());

    assertThat(prune.exitCode()).as(prune.toString()).isEqualTo(1);
    assertThat(prune.err()).contains("prune deleted nothing").contains("snapshots/" + DAMAGED)
        .contains("remove or repair");
    assertThat(prune.err()).doesNotContain("\tat ");
    assertThat(packs()).isEqualTo(packsBefore);

    Cli.Result check = Cli.run("check", "--repo", repo.toString());
    assertThat(check.exitCode()).as(check.toString()).isNotZero();
    assertThat(check.out() + check.err()).contains(DAMAGED);

    Path target = work.resolve("restored");
    Cli.Result restore = Cli.run("restore", "--repo", repo.toString(), newer.substring(0, 12), "--target",
        target.toString());
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
  }

  private String backup(Path source) {
    Cli.Result backup = Cli.run("backup", "--init", "--repo", repo.toString(), source.toString());
    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    return backup.snapshotId();
  }

  private List<Path> packs() throws IOException {
    try (var walk = Files.walk(repo.resolve("packs"))) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }
}
