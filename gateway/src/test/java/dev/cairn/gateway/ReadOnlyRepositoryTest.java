package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository on a read-only file system, made for real: each command runs in a child process
 * with a mount namespace of its own, where the repository is bind-mounted read-only, so every
 * write to it fails with the kernel's EROFS, as on read-only media.
 */
@DisplayName("A repository on a read-only file system")
class ReadOnlyRepositoryTest {
  private static final long PATIENCE = 90;
  /** Bind-mounts the directory {@code $0} read-only over itself, then runs the command that follows. */
  private static final String READ_ONLY = "mount --bind \"$0\" \"$0\" && mount -o remount,bind,ro \"$0\" \"$0\" && exec \"$@\"";

  @TempDir Path work;
  Path source;
  Path repo;
  String snapshot;

  @BeforeEach
  void backUp() throws IOException, InterruptedException {
    source = work.resolve("src");
    SampleTree.random(source, 2, 5, 10_000, 7);
    repo = work.resolve("repo");
    Cli.Result r = Rounds.backup(repo, source);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    snapshot = r.snapshotId();
    assumeReadOnlyMountsWork();
  }

  @Test
  @DisplayName("is read by snapshots, ls, restore and check, and a backup into it is refused by name")
  void readsWithoutTheLock() throws Exception {
    Cli.Result snapshots = readOnly("snapshots", "-r", repo.toString());
    assertThat(snapshots.exitCode()).as(snapshots.toString()).isZero();
    assertThat(snapshots.out()).contains(snapshot.substring(0, 8));

    Cli.Result ls = readOnly("ls", "-r", repo.toString(), snapshot);
    assertThat(ls.exitCode()).as(ls.toString()).isZero();
    assertThat(ls.out()).contains(source + "/");

    Path target = work.resolve("restored");
    Cli.Result restore = readOnly("restore", "-r", repo.toString(), snapshot, "--target", target.toString());
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    TreeComparison.assertSameTree(source, Rounds.restoredAt(target, source));

    Cli.Result check = readOnly("check", "--read-data", "-r", repo.toString());
    assertThat(check.exitCode()).as(check.toString()).isZero();
    assertThat(check.out()).contains("no problems found");

    Cli.Result backup = readOnly("backup", "-r", repo.toString(), source.toString());
    assertThat(backup.exitCode()).as(backup.toString()).isNotZero();
    assertThat(backup.err()).contains("is on a read-only file system");
  }

  private Cli.Result readOnly(String... args) throws IOException, InterruptedException {
    return CairnProcess.run(List.of("unshare", "-m", "sh", "-c", READ_ONLY, repo.toString()), PATIENCE, args);
  }

  /** Skips, saying why, where no read-only bind mount can be made (it needs root and unshare). */
  private void assumeReadOnlyMountsWork() throws IOException, InterruptedException {
    Path probe = repo.resolve("probe");
    Process p = new ProcessBuilder("unshare", "-m", "sh", "-c", READ_ONLY, repo.toString(), "touch", probe.toString())
        .redirectErrorStream(true).start();
    String said = new String(p.getInputStream().readAllBytes());
    int code = p.waitFor();
    boolean readOnly = code != 0 && said.contains("Read-only file system") && !Files.exists(probe);
    Files.deleteIfExists(probe);
    assumeTrue(readOnly, "NOT TESTED: no read-only file system can be made here (unshare -m with a read-only bind "
        + "mount needs root and mount namespaces); the probe said: " + said.trim());
  }
}
