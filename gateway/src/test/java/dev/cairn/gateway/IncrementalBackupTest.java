package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second backup reads only what changed since the parent snapshot, and stores only changed chunks. */
@DisplayName("An incremental backup")
class IncrementalBackupTest {
  private static final int BIG = 24 << 20;
  private static final int SMALL_FILES = 50;

  @TempDir Path work;
  Path source;
  Path repo;

  @BeforeEach
  void firstBackup() throws IOException {
    source = Files.createDirectories(work.resolve("src"));
    Random random = new Random(7);
    byte[] big = new byte[BIG];
    random.nextBytes(big);
    Files.write(source.resolve("big.bin"), big);
    for (int i = 0; i < SMALL_FILES; i++) {
      Files.writeString(source.resolve("note-" + i + ".txt"), "note " + i);
    }
    repo = work.resolve("repo");
    assertThat(backup().exitCode()).isZero();
  }

  private Cli.Result backup(String... extra) {
    String[] args = new String[5 + extra.length];
    args[0] = "backup";
    args[1] = "--init";
    args[2] = "--repo";
    args[3] = repo.toString();
    System.arraycopy(extra, 0, args, 4, extra.length);
    args[args.length - 1] = source.toString();
    Cli.Result r = Cli.run(args);
    assertThat(r.exitCode()).as(r.toString()).isZero();
    return r;
  }

  private JsonObject latestTotals() {
    JsonArray all = new JsonArray(Cli.run("snapshots", "--repo", repo.toString(), "--json").out());
    return all.getJsonObject(all.size() - 1).getJsonObject("totals");
  }

  @Test
  @DisplayName("reads no file of an unchanged tree")
  void unchangedTreeIsNotRead() {
    Cli.Result again = backup();

    JsonObject totals = latestTotals();
    assertThat(totals.getLong("unchangedFiles")).isEqualTo(SMALL_FILES + 1L);
    assertThat(totals.getLong("files")).isEqualTo(SMALL_FILES + 1L);
    assertThat(totals.getLong("newBytes")).isZero();
    assertThat(again.out()).contains((SMALL_FILES + 1) + " unchanged, not read");
  }

  @Test
  @DisplayName("stores only the changed chunks of a file changed in the middle, and restores the new content")
  void changedFileStoresChangedChunks() throws IOException {
    try (FileChannel file = FileChannel.open(source.resolve("big.bin"), StandardOpenOption.WRITE)) {
      file.write(ByteBuffer.wrap("a change in the middle".getBytes()), BIG / 2);
    }

    backup();

    JsonObject totals = latestTotals();
    assertThat(totals.getLong("unchangedFiles")).isEqualTo(SMALL_FILES);
    assertThat(totals.getLong("newBytes")).as("at most the chunks around the change").isBetween(1L, 8L << 20);
    Path target = work.resolve("restored");
    assertThat(Cli.run("restore", "--repo", repo.toString(), "latest", "--target", target.toString()).exitCode()).isZero();
    TreeComparison.assertSameTree(source, target.resolve(source.toString().substring(1)));
  }

  @Test
  @DisplayName("notices new content behind an unchanged size and modification time, by its change time")
  void sameSizeAndMtimeIsStillRead() throws IOException {
    Path note = source.resolve("note-1.txt");
    FileTime mtime = Files.getLastModifiedTime(note);
    Files.writeString(note, "note X");
    Files.setLastModifiedTime(note, mtime);

    backup();

    assertThat(latestTotals().getLong("unchangedFiles")).isEqualTo(SMALL_FILES);
    Path target = work.resolve("restored");
    assertThat(Cli.run("restore", "--repo", repo.toString(), "latest", "--target", target.toString()).exitCode()).isZero();
    assertThat(target.resolve(note.toString().substring(1))).hasContent("note X");
  }

  @Test
  @DisplayName("with --force reads every file again and still stores nothing new")
  void forceReadsEverything() {
    backup("--force");

    JsonObject totals = latestTotals();
    assertThat(totals.getLong("unchangedFiles")).isZero();
    assertThat(totals.getLong("newBytes")).isZero();
  }
}
