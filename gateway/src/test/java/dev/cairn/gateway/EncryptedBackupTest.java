package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's round through the command line in both formats: an encrypted repository (the default)
 * reveals nothing of the files it holds and compresses what compresses; a plain-text one, as
 * earlier releases made them, still backs up, restores and checks.
 */
@DisplayName("Backups into an encrypted and a plain-text repository")
class EncryptedBackupTest {
  private static final String MARKER = "m4rker-of-the-source-9c1e";

  @TempDir Path work;

  /** The awkward tree, plus text and names that carry the marker. */
  private Path source() throws IOException {
    Path source = SampleTree.write(work.resolve("src"));
    Path named = Files.createDirectories(source.resolve("dir-" + MARKER));
    StringBuilder text = new StringBuilder();
    Random random = new Random(3);
    for (int i = 0; i < 200_000; i++) {
      text.append("entry ").append(random.nextInt(1000)).append(' ').append(MARKER).append(" of the journal\n");
    }
    Files.writeString(named.resolve("journal-" + MARKER + ".log"), text);
    return source;
  }

  private static long bytesUnder(Path dir, String folder) throws IOException {
    Path root = dir.resolve(folder);
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  @Test
  @DisplayName("the awkward tree comes back byte for byte, and no repository file holds its text or names")
  void encryptedRoundTrip() throws IOException {
    Path source = source();
    Path repo = work.resolve("repo");
    Cli.Result backup = Rounds.backup(repo, source);
    assertThat(backup.exitCode()).as(backup.toString()).isZero();

    Cli.Result restore = Rounds.restore(repo, work.resolve("restored"));
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    TreeComparison.assertSameTree(source, Rounds.restoredAt(work.resolve("restored"), source));

    byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
    try (Stream<Path> files = Files.walk(repo)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(file.toString()).doesNotContain(MARKER);
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
            .as("content of %s", repo.relativize(file)).doesNotContain(new String(marker, StandardCharsets.ISO_8859_1));
      }
    }
    Cli.Result snapshots = Cli.run("snapshots", "--repo", repo.toString());
    assertThat(snapshots.lines().get(0)).isEqualTo("repository format 2: encrypted (aes256gcm-v1), compression auto");
    Cli.Result check = Cli.run("check", "--read-data", "--repo", repo.toString());
    assertThat(check.exitCode()).as(check.toString()).isZero();
    assertThat(check.lines()).first().isEqualTo("repository format 2: encrypted (aes256gcm-v1), compression auto");
    assertThat(check.lastLine()).endsWith("no problems found");
  }

  @Test
  @DisplayName("text is stored compressed, random data once with under 1% overhead")
  void compressesWhatCompresses() throws IOException {
    Path text = Files.createDirectories(work.resolve("text"));
    StringBuilder lines = new StringBuilder();
    Random random = new Random(9);
    for (int i = 0; i < 300_000; i++) {
      lines.append(i).append(": the store wrote pack ").append(Integer.toHexString(random.nextInt())).append('\n');
    }
    Files.writeString(text.resolve("log.txt"), lines);
    long textBytes = Files.size(text.resolve("log.txt"));
    Path noise = SampleTree.random(work.resolve("noise"), 2, 4, 3 << 20, 17);
    long noiseBytes = 2L * 4 * (3 << 20);

    Path textRepo = work.resolve("text-repo");
    assertThat(Rounds.backup(textRepo, text).exitCode()).isZero();
    assertThat(bytesUnder(textRepo, "packs")).isLessThan(textBytes / 3);

    Path noiseRepo = work.resolve("noise-repo");
    assertThat(Rounds.backup(noiseRepo, noise).exitCode()).isZero();
    assertThat(bytesUnder(noiseRepo, "packs")).isBetween(noiseBytes, (long) (noiseBytes * 1.01));
  }

  @Test
  @DisplayName("a plain-text repository backs up, restores and checks, and says it is not encrypted")
  void plainTextStillWorks() throws IOException {
    Path source = SampleTree.write(work.resolve("src"));
    Path repo = work.resolve("plain");
    Cli.Result backup = Rounds.backupPlainText(repo, source);
    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    assertThat(Files.readString(repo.resolve("config"))).contains("\"version\" : 1").contains("\"none\"");
    assertThat(repo.resolve("keys")).doesNotExist();

    Cli.Result again = Rounds.backup(repo, source);
    assertThat(again.exitCode()).as(again.toString()).isZero();
    Cli.Result restore = Rounds.restore(repo, work.resolve("restored"));
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    TreeComparison.assertSameTree(source, Rounds.restoredAt(work.resolve("restored"), source));
    Cli.Result check = Cli.run("check", "--read-data", "--repo", repo.toString());
    assertThat(check.lines()).first().isEqualTo("repository format 1: plain text, not encrypted");
    assertThat(check.lastLine()).endsWith("no problems found");
    Cli.Result withoutPassword = Cli.runWith(Map.of(), "snapshots", "--repo", repo.toString());
    assertThat(withoutPassword.exitCode()).as("a plain-text repository asks no password: %s", withoutPassword).isZero();
    assertThat(withoutPassword.lines()).first().isEqualTo("repository format 1: plain text, not encrypted");
    assertThat(withoutPassword.lastLine()).isEqualTo("2 snapshots");
  }
}
