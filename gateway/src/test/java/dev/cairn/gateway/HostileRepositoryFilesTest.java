package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Repository files that claim sizes no such file can hold, met by the command line in a JVM with
 * {@code bin/cairn}'s 512 MiB heap: each is named, nothing runs out of memory or hangs, and the
 * rest of the repository stays usable.
 */
@DisplayName("A repository whose files claim impossible sizes")
class HostileRepositoryFilesTest {
  private static final long PATIENCE = 90;

  @TempDir Path work;
  Path repo;
  Path first;
  Path second;
  String firstSnapshot;
  String secondSnapshot;
  /** The index file and pack file each backup wrote. */
  Path firstIndex;
  Path firstPack;

  @BeforeEach
  void twoBackups() throws IOException {
    repo = work.resolve("repo");
    first = work.resolve("first");
    second = work.resolve("second");
    SampleTree.random(first, 1, 5, 20_000, 1);
    SampleTree.random(second, 1, 5, 20_000, 2);
    firstSnapshot = backUp(first);
    firstIndex = RepositoryDamage.indexFiles(repo).get(0);
    firstPack = RepositoryDamage.packFiles(repo).get(0);
    secondSnapshot = backUp(second);
  }

  @Test
  @DisplayName("an index entry claiming 2^31-1 bytes is named by check, and both snapshots still restore")
  void indexEntryClaimingTwoGigabytes() throws Exception {
    Path damaged = RepositoryDamage.claimLength(firstIndex, Integer.MAX_VALUE);

    Cli.Result check = CairnProcess.run(PATIENCE, "check", "-r", repo.toString());

    assertThat(check.exitCode()).as(check.toString()).isEqualTo(1);
    assertThat(check.out()).contains("index file index/" + damaged.getFileName() + " is damaged")
        .contains("claims " + Integer.MAX_VALUE + " bytes");
    assertRestores(firstSnapshot, first);
    assertRestores(secondSnapshot, second);
  }

  @Test
  @DisplayName("a pack footer claiming 20,000,000 entries is named by check, and the other snapshot restores")
  void packFooterClaimingTwentyMillionEntries() throws Exception {
    Files.delete(firstIndex);
    RepositoryDamage.grow(firstPack, 20_000_000L * 45 + 12, 20_000_000);

    Cli.Result check = CairnProcess.run(PATIENCE, "check", "-r", repo.toString());

    assertThat(check.exitCode()).as(check.toString()).isEqualTo(1);
    assertThat(check.out()).contains("pack " + firstPack.getFileName() + ", named by no index, cannot be read")
        .contains("claims 20000000 blobs in one pack");
    assertRestores(secondSnapshot, second);
  }

  @Test
  @DisplayName("a pack grown to 2.5 GB is named by check --read-data, and its snapshot still restores")
  void packOfTwoAndAHalfGigabytes() throws Exception {
    RepositoryDamage.grow(firstPack, 5L << 29, -1);

    Cli.Result check = CairnProcess.run(PATIENCE, "check", "--read-data", "-r", repo.toString());

    assertThat(check.exitCode()).as(check.toString()).isEqualTo(1);
    assertThat(check.out()).contains("pack " + firstPack.getFileName() + " is damaged")
        .contains("is " + (5L << 29) + " bytes, more than such a file can be");
    assertRestores(firstSnapshot, first);
    assertRestores(secondSnapshot, second);
  }

  private String backUp(Path source) {
    Cli.Result r = Rounds.backupPlainText(repo, source);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r.snapshotId();
  }

  private void assertRestores(String snapshot, Path source) throws Exception {
    Path target = work.resolve("restored-" + snapshot.substring(0, 8) + "-" + System.nanoTime());
    Cli.Result r = CairnProcess.run(PATIENCE, "restore", "-r", repo.toString(), snapshot, "--target", target.toString());
    assertThat(r.exitCode()).as(r.toString()).isZero();
    TreeComparison.assertSameTree(source, Rounds.restoredAt(target, source));
  }
}
