package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's whole round: back up a real tree, list it, restore it, back it up again, check, damage,
 * check. One backup is made for the class and only read; a test that changes a repository changes
 * its own copy of it.
 */
@DisplayName("A backup of a real tree")
class BackupRestoreTest {
  @TempDir static Path work;
  static Path source;
  static Path repo;
  static String first;

  @BeforeAll
  static void backUpOnce() throws IOException {
    source = SampleTree.write(work.resolve("data/src"));
    repo = work.resolve("repo");
    Cli.Result backup = Cli.run("backup", "--init", "--repo", repo.toString(), source.toString());
    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    first = backup.snapshotId();
  }

  @Test
  @DisplayName("restores every file, directory and link byte for byte, with modes and times")
  void restoresEverything() throws IOException {
    Path target = work.resolve("restored");
    Cli.Result restore = Cli.run("restore", "--repo", repo.toString(), first, "--target", target.toString());
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    TreeComparison.assertSameTree(source, target.resolve(source.toString().substring(1)));
  }

  @Test
  @DisplayName("lists the snapshot with its totals and finds it by prefix and by 'latest'")
  void listsSnapshots() {
    Cli.Result json = Cli.run("snapshots", "--repo", repo.toString(), "--json");
    assertThat(json.exitCode()).isZero();
    JsonObject snapshot = new JsonArray(json.out()).getJsonObject(0);
    assertThat(snapshot.getString("id")).isEqualTo(first);
    assertThat(snapshot.getJsonArray("paths").getList()).containsExactly(source.toString());
    assertThat(snapshot.getJsonObject("totals").getLong("files")).isEqualTo(SampleTree.SMALL_FILES + 7L);
    Cli.Result table = Cli.run("snapshots", "--repo", repo.toString());
    assertThat(table.out()).contains(first.substring(0, 8)).contains("1 snapshot\n");
    Cli.Result byPrefix = Cli.run("ls", "--repo", repo.toString(), first.substring(0, 10), source + "/big.bin");
    assertThat(byPrefix.lines()).singleElement().asString().contains("20971520").endsWith("/big.bin");
  }

  @Test
  @DisplayName("ls shows links with their targets and names that are not UTF-8")
  void listsEntries() {
    Cli.Result ls = Cli.run("ls", "--repo", repo.toString(), "latest", source.toString());
    assertThat(ls.exitCode()).isZero();
    assertThat(ls.out()).contains(source + "/link-to-big -> big.bin")
        .contains(source + "/not-utf8-\uFFFD\uFFFD.bin")
        .contains("drwxr-xr-x").contains(source + "/empty-dir");
    int deepEntries = 4; // deep/er, deep/er/small, deep/restricted, deep/restricted/inside.txt
    assertThat(ls.lines()).hasSize(1 + SampleTree.TOP_LEVEL_ENTRIES + deepEntries + SampleTree.SMALL_FILES);
  }

  @Test
  @DisplayName("restores only the included path")
  void restoresIncludedPath() throws IOException {
    Path target = work.resolve("partial");
    Cli.Result restore = Cli.run("restore", "--repo", repo.toString(), "latest", "--target", target.toString(),
        "--include", source + "/deep/er");
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    Path restoredSource = target.resolve(source.toString().substring(1));
    try (Stream<Path> top = Files.list(restoredSource)) {
      assertThat(top.map(p -> p.getFileName().toString())).containsExactly("deep");
    }
    TreeComparison.assertSameTree(source.resolve("deep/er"), restoredSource.resolve("deep/er"));
  }

  @Test
  @DisplayName("a second backup of the unchanged tree stores almost nothing")
  void secondBackupDeduplicates(@TempDir Path own) throws IOException {
    Path repo = copyOfRepository(own);
    long before = sizeOf(repo);
    Cli.Result again = Cli.run("backup", "--init", "--repo", repo.toString(), source.toString());
    assertThat(again.exitCode()).as(again.toString()).isZero();
    assertThat(again.snapshotId()).isNotEqualTo(first);
    assertThat(sizeOf(repo) - before).isLessThan(64 << 10);
    JsonArray all = new JsonArray(Cli.run("snapshots", "--repo", repo.toString(), "--json").out());
    assertThat(all).hasSize(2);
    assertThat(Cli.run("ls", "--repo", repo.toString(), again.snapshotId(), source.toString()).out())
        .isEqualTo(Cli.run("ls", "--repo", repo.toString(), first, source.toString()).out());
    assertThat(all.getJsonObject(1).getJsonObject("totals").getLong("newBytes")).isZero();
  }

  @Test
  @DisplayName("check --read-data passes on a sound repository and names the pack after a byte is flipped")
  void checkFindsDamage(@TempDir Path own) throws IOException {
    Path repo = copyOfRepository(own);
    Cli.Result sound = Cli.run("check", "--repo", repo.toString(), "--read-data");
    assertThat(sound.exitCode()).as(sound.toString()).isZero();
    assertThat(sound.out()).contains("no problems found");

    Path pack = largestPack(repo);
    SampleTree.flipByte(pack, 1000);
    Cli.Result damaged = Cli.run("check", "--repo", repo.toString(), "--read-data");
    assertThat(damaged.exitCode()).isEqualTo(1);
    assertThat(damaged.out()).contains("pack " + pack.getFileName() + ": data blob").contains("is damaged")
        .contains(source.toString());
    assertThat(damaged.err()).contains("cairn: the repository is damaged");
    assertThat(Cli.run("check", "--repo", repo.toString()).exitCode()).as("structure alone is still sound").isZero();
  }

  /** A copy, under {@code dir}, of the class's repository with its one snapshot, for a test to change. */
  private static Path copyOfRepository(Path dir) throws IOException {
    return RepositoryDamage.copy(repo, dir);
  }

  private static Path largestPack(Path repo) throws IOException {
    try (Stream<Path> files = Files.walk(repo.resolve("packs"))) {
      return files.filter(Files::isRegularFile).max((a, b) -> Long.compare(a.toFile().length(), b.toFile().length()))
          .orElseThrow();
    }
  }

  static long sizeOf(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }
}
