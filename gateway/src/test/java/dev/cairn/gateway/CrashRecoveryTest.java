package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup run as its own JVM is killed with SIGKILL at seeded random moments, again and again on
 * one repository, while its large files change between runs so every run writes new packs. After
 * each kill the repository checks clean with every chunk read, and at the end a backup completes
 * and restores byte for byte.
 *
 * <p>{@code -Dcairn.crash.kills=N} sets how many kills (10 by default), {@code
 * -Dcairn.crash.seed=S} replays a run (each run prints its seed).
 */
@DisplayName("A backup killed at random moments")
class CrashRecoveryTest {
  private static final int BIG_FILES = 3;
  private static final int BIG_FILE_BYTES = 8 << 20;

  @TempDir Path work;

  @Test
  @DisplayName("leaves a repository that checks clean after every kill, lists no partial snapshot, and backs up again exactly")
  void killedBackupsLeaveConsistentRepository() throws Exception {
    int wanted = Integer.getInteger("cairn.crash.kills", 10);
    long seed = Long.getLong("cairn.crash.seed", System.nanoTime());
    System.out.println("CrashRecoveryTest: " + wanted + " kills, seed " + seed + " (replay with -Dcairn.crash.seed=" + seed + ")");
    Random random = new Random(seed);
    Path source = SampleTree.random(work.resolve("src"), 20, 100, 1500, seed);
    Path repo = work.resolve("repo");

    rewriteBigFiles(source, random);
    Process first = backupProcess(repo, source);
    assertThat(first.waitFor()).as(output(first)).isZero();
    // Measures how long a backup goes on once it writes: from the first file it creates in the
    // repository to its exit. Kills fall in that span, where packs, index and snapshot are written.
    rewriteBigFiles(source, random);
    WatchService writes = watchWrites(repo);
    Process second = backupProcess(repo, source);
    assertThat(writingStarted(writes, second)).as("the backup wrote").isTrue();
    long started = System.nanoTime();
    assertThat(second.waitFor()).as(output(second)).isZero();
    long runMillis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    int snapshots = 2;

    int kills = 0;
    int cutWrites = 0;
    List<Long> delays = new ArrayList<>();
    for (int run = 0; kills < wanted; run++) {
      assertThat(run).as("runs needed for " + wanted + " kills").isLessThan(wanted * 3);
      rewriteBigFiles(source, random);
      long delay = random.nextLong(runMillis);
      long temporaryBefore = temporaryFiles(repo);
      writes = watchWrites(repo);
      Process backup = backupProcess(repo, source);
      if (writingStarted(writes, backup) && !backup.waitFor(delay, TimeUnit.MILLISECONDS)) {
        backup.destroyForcibly().waitFor();
        kills++;
        delays.add(delay);
        cutWrites += temporaryFiles(repo) > temporaryBefore ? 1 : 0;
      } else {
        assertThat(backup.exitValue()).as(output(backup)).isZero();
      }

      Cli.Result check = Cli.run("check", "--repo", repo.toString(), "--read-data");
      assertThat(check.exitCode()).as("check after a kill at " + delay + " ms, seed " + seed + ": " + check).isZero();
      int listed = new JsonArray(Cli.run("snapshots", "--repo", repo.toString(), "--json").out()).size();
      assertThat(listed).as("snapshots listed").isBetween(snapshots, snapshots + 1);
      snapshots = listed;
    }
    System.out.println("CrashRecoveryTest: killed after " + delays + " ms after the first write (writing lasts about " + runMillis
        + " ms); " + cutWrites + " kills left a half-written file");

    Cli.Result last = Cli.run("backup", "--init", "--repo", repo.toString(), source.toString());
    assertThat(last.exitCode()).as(last.toString()).isZero();
    Path target = work.resolve("restored");
    Cli.Result restore = Cli.run("restore", "--repo", repo.toString(), last.snapshotId(), "--target", target.toString());
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    TreeComparison.assertSameTree(source, target.resolve(source.toString().substring(1)));
  }

  /** Watches the repository's folder of temporary files, where every file a backup writes begins. */
  private static WatchService watchWrites(Path repo) throws IOException {
    WatchService watch = FileSystems.getDefault().newWatchService();
    Files.createDirectories(repo.resolve("tmp")).register(watch, StandardWatchEventKinds.ENTRY_CREATE);
    return watch;
  }

  /**
   * Waits until the backup creates its first file, and returns true then, or false if it ended
   * first; fails if it does neither within three minutes.
   */
  private static boolean writingStarted(WatchService writes, Process backup) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    try (writes) {
      while (backup.isAlive()) {
        if (writes.poll(100, TimeUnit.MILLISECONDS) != null) {
          return true;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the backup neither wrote a file nor ended within three minutes");
        }
      }
      return false;
    }
  }

  /** Counts temporary files: a backup killed while writing a file leaves one behind. */
  private static long temporaryFiles(Path repo) throws IOException {
    Path tmp = repo.resolve("tmp");
    if (!Files.isDirectory(tmp)) {
      return 0;
    }
    try (var files = Files.list(tmp)) {
      return files.count();
    }
  }

  /** Gives every large file new content, so the next backup writes new packs. */
  private static void rewriteBigFiles(Path source, Random random) throws IOException {
    byte[] content = new byte[BIG_FILE_BYTES];
    for (int i = 0; i < BIG_FILES; i++) {
      random.nextBytes(content);
      Files.write(source.resolve("big-" + i + ".bin"), content);
    }
  }

  /** Starts {@code cairn backup} in a JVM of its own, with this test's classpath. */
  private Process backupProcess(Path repo, Path source) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "--add-opens", "java.base/sun.nio.fs=ALL-UNNAMED",
        "-Xmx256m", "-XX:+UseSerialGC"));
    command.addAll(TestPassword.CHEAP_KDF);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), CairnCommand.class.getName(), "backup",
        "--init", "--repo", repo.toString(), source.toString()));
    return TestPassword.given(new ProcessBuilder(command)).redirectErrorStream(true)
        .redirectOutput(work.resolve("backup.log").toFile()).start();
  }

  private String output(Process process) {
    try {
      return "backup exited " + process.exitValue() + ":\n" + Files.readString(work.resolve("backup.log"));
    } catch (IOException e) {
      return "backup exited " + process.exitValue() + " (" + e.getMessage() + ")";
    }
  }
}
