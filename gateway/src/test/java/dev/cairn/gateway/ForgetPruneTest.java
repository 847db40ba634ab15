package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's round of forgetting and pruning: two sources, one backed up twice with a large file
 * replaced in between, then forget keeps the latest snapshot of each source and prune reclaims the
 * replaced file's space. The three backups are made once for the class and only read; a test that
 * forgets, prunes or opens a store works on its own copy of the repository.
 */
@DisplayName("Forget and prune from the command line")
class ForgetPruneTest {
  private static final SplittableRandom RANDOM = new SplittableRandom(7);

  @TempDir static Path work;
  static Path repo;
  static Path alpha;
  static Path bravo;

  @BeforeAll
  static void threeBackups() throws IOException {
    repo = work.resolve("repo");
    alpha = Files.createDirectories(work.resolve("alpha"));
    bravo = Files.createDirectories(work.resolve("bravo"));
    Files.write(alpha.resolve("big.bin"), random(4 << 20));
    Files.write(alpha.resolve("stays.bin"), random(1 << 20));
    Files.writeString(alpha.resolve("notes.txt"), "first notes\n");
    Files.write(bravo.resolve("other.bin"), random(2 << 20));
    backup(alpha);
    backup(bravo);
    Files.write(alpha.resolve("big.bin"), random(4 << 20));
    Files.writeString(alpha.resolve("notes.txt"), "second notes\n");
    backup(alpha);
  }

  private static byte[] random(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /** A copy, under {@code dir}, of the class's repository with its three snapshots, for a test to change. */
  private static Path copyOfRepository(Path dir) throws IOException {
    return RepositoryDamage.copy(repo, dir);
  }

  /** A copy of the class's repository after {@code forget --keep-last 1}. */
  private static Path forgotten(Path dir) throws IOException {
    Path copy = copyOfRepository(dir);
    Cli.Result forget = Cli.run("forget", "--repo", copy.toString(), "--keep-last", "1");
    assertThat(forget.exitCode()).as(forget.toString()).isZero();
    return copy;
  }

  /** A copy of the class's repository after {@code forget --keep-last 1} and {@code prune}. */
  private static Path pruned(Path dir) throws IOException {
    Path copy = forgotten(dir);
    Cli.Result prune = Cli.run("prune", "--repo", copy.toString());
    assertThat(prune.exitCode()).as(prune.toString()).isZero();
    assertThat(prune.lastLine()).contains("freed 4.0 MiB");
    return copy;
  }

  private static void backup(Path source) {
    Cli.Result backup = Cli.run("backup", "--init", "--repo", repo.toString(), source.toString());
    assertThat(backup.exitCode()).as(backup.toString()).isZero();
  }

  private static JsonArray snapshots(Path repo) {
    Cli.Result list = Cli.run("snapshots", "--repo", repo.toString(), "--json");
    assertThat(list.exitCode()).as(list.toString()).isZero();
    return new JsonArray(list.out());
  }

  /** Every repository file and its content, but the lock file, which names the last store that opened it. */
  private static TreeMap<String, byte[]> repositoryFiles(Path repo) throws IOException {
    TreeMap<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(repo)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        String name = repo.relativize(p).toString();
        if (!name.equals("lock")) {
          files.put(name, Files.readAllBytes(p));
        }
      }
    }
    return files;
  }

  private static long packBytes(Path repo) throws IOException {
    try (Stream<Path> walk = Files.walk(repo.resolve("packs"))) {
      return walk.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void assertUnchanged(Path repo, Map<String, byte[]> before) throws IOException {
    TreeMap<String, byte[]> after = repositoryFiles(repo);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    before.forEach((name, content) -> assertThat(after.get(name)).as(name).isEqualTo(content));
  }

  @Test
  @DisplayName("forget without a rule is refused as bad usage and removes nothing")
  void forgetNeedsARule() {
    Cli.Result forget = Cli.run("forget", "--repo", repo.toString());

    assertThat(forget.exitCode()).isEqualTo(2);
    assertThat(forget.err()).contains("give at least one of --keep-last, --keep-daily, --keep-weekly or --keep-monthly");
    assertThat(snapshots(repo)).hasSize(3);
  }

  @Test
  @DisplayName("dry runs of forget and prune list what they would do and change no file")
  void dryRunsChangeNothing() throws IOException {
    TreeMap<String, byte[]> before = repositoryFiles(repo);

    Cli.Result forget = Cli.run("forget", "--repo", repo.toString(), "--keep-last", "1", "--dry-run");
    Cli.Result prune = Cli.run("prune", "--repo", repo.toString(), "--dry-run");

    assertThat(forget.exitCode()).as(forget.toString()).isZero();
    assertThat(forget.lines()).filteredOn(l -> l.startsWith("would remove")).singleElement().asString()
        .contains(alpha.toString());
    assertThat(forget.lastLine()).contains("2 snapshots would be kept, 1 removed; nothing was changed");
    assertThat(prune.exitCode()).as(prune.toString()).isZero();
    assertThat(prune.lastLine()).contains("would remove 0 packs, would repack 0").contains("dry run");
    assertUnchanged(repo, before);
    assertThat(snapshots(repo)).hasSize(3);
  }

  @Test
  @DisplayName("forget --keep-last 1 keeps the latest snapshot of each source and says why")
  void forgetKeepsLatestOfEachSource(@TempDir Path own) throws IOException {
    Path repo = copyOfRepository(own);
    Cli.Result forget = Cli.run("forget", "--repo", repo.toString(), "--keep-last", "1");

    assertThat(forget.exitCode()).as(forget.toString()).isZero();
    assertThat(forget.lines()).filteredOn(l -> l.startsWith("keep")).hasSize(2)
        .allSatisfy(l -> assertThat(l).endsWith("(last)"))
        .anySatisfy(l -> assertThat(l).contains(bravo.toString()));
    assertThat(forget.lines()).filteredOn(l -> l.startsWith("remove")).singleElement().asString()
        .contains(alpha.toString());
    assertThat(forget.lastLine()).isEqualTo("2 snapshots kept, 1 removed; run prune to reclaim the space they used");
    assertThat(snapshots(repo)).hasSize(2);
  }

  @Test
  @DisplayName("a prune dry run then names the pack to repack and the space it would free, and changes nothing")
  void pruneDryRunAfterForget(@TempDir Path own) throws IOException {
    Path repo = forgotten(own);
    TreeMap<String, byte[]> before = repositoryFiles(repo);

    Cli.Result prune = Cli.run("prune", "--repo", repo.toString(), "--dry-run");

    assertThat(prune.exitCode()).as(prune.toString()).isZero();
    assertThat(prune.lines()).filteredOn(l -> l.startsWith("would repack pack")).singleElement().asString()
        .contains("1.0 MiB in use");
    assertThat(prune.lastLine()).contains("would free 4.0 MiB");
    assertUnchanged(repo, before);
  }

  @Test
  @DisplayName("prune shrinks the repository; check --read-data passes and every remaining snapshot restores byte for byte")
  void pruneReclaimsSpaceAndKeepsSnapshotsWhole(@TempDir Path own) throws IOException {
    Path repo = forgotten(own);
    long before = packBytes(repo);

    Cli.Result prune = Cli.run("prune", "--repo", repo.toString());

    assertThat(prune.exitCode()).as(prune.toString()).isZero();
    assertThat(prune.lastLine()).contains("freed 4.0 MiB");
    assertThat(packBytes(repo)).isLessThan(before - (4 << 20) + (64 << 10));
    Cli.Result check = Cli.run("check", "--repo", repo.toString(), "--read-data");
    assertThat(check.exitCode()).as(check.toString()).isZero();
    assertThat(check.out()).contains("2 snapshots").contains("no problems found");
    for (Path source : new Path[] {alpha, bravo}) {
      Path target = own.resolve("restored-" + source.getFileName());
      JsonArray all = snapshots(repo);
      String id = all.stream().map(s -> (io.vertx.core.json.JsonObject) s)
          .filter(s -> s.getJsonArray("paths").getString(0).equals(source.toString()))
          .findFirst().orElseThrow().getString("id");
      Cli.Result restore = Cli.run("restore", "--repo", repo.toString(), id, "--target", target.toString());
      assertThat(restore.exitCode()).as(restore.toString()).isZero();
      TreeComparison.assertSameTree(source, target.resolve(source.toString().substring(1)));
    }
  }

  @Test
  @DisplayName("a second prune finds nothing more to do")
  void secondPruneIsANoOp(@TempDir Path own) throws IOException {
    Path repo = pruned(own);
    TreeMap<String, byte[]> before = repositoryFiles(repo);

    Cli.Result prune = Cli.run("prune", "--repo", repo.toString());

    assertThat(prune.exitCode()).as(prune.toString()).isZero();
    assertThat(prune.lastLine()).contains("removed 0 packs, repacked 0").contains("freed 0 B");
    assertUnchanged(repo, before);
  }

  @Test
  @DisplayName("a command on a repository another store serves is refused, naming that store")
  void secondStoreIsRefused(@TempDir Path own) throws IOException {
    Path repo = forgotten(own);
    try (CairnNode serving = CairnNode.open(repo, TestPassword.existing())) {
      Cli.Result prune = Cli.run("prune", "--repo", repo.toString());

      assertThat(prune.exitCode()).isEqualTo(1);
      assertThat(prune.err()).contains("repository " + repo + " is in use by another cairn store (host ")
          .contains("pid " + ProcessHandle.current().pid()).contains("stop it or use its HTTP API")
          .doesNotContain("Exception");
    }
    assertThat(snapshots(repo)).hasSize(2);
  }
}
