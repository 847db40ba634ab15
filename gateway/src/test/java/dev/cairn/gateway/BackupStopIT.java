package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup told to stop by SIGTERM, in a process of its own, as a service manager or Ctrl-C would. */
@DisplayName("A backup stopped by SIGTERM")
class BackupStopIT {
  private static final Path JAR = Path.of("target/cairn.jar");
  private static final int DIRS = 16;
  private static final int FILES = 16;
  private static final int SIZE = 1 << 20;

  @TempDir Path work;

  private static ProcessBuilder cairn(String... args) {
    // One core: the backup runs long enough to be stopped in the middle.
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:ActiveProcessorCount=1"));
    command.addAll(TestPassword.CHEAP_KDF);
    command.addAll(List.of("-jar", JAR.toString()));
    command.addAll(List.of(args));
    return TestPassword.given(new ProcessBuilder(command));
  }

  private static int run(Path output, String... args) throws Exception {
    Process process = cairn(args).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).as("cairn " + String.join(" ", args) + " ended").isTrue();
    return process.exitValue();
  }

  @Test
  @DisplayName("stops in bounded time, non-zero and saying so; check passes, and the next backup reuses what it stored")
  void stopsCleanlyAndResumes() throws Exception {
    Path source = SampleTree.random(work.resolve("src"), DIRS, FILES, SIZE, 17);
    Path repo = work.resolve("repo");
    Process backup = cairn("backup", "--init", "--json", "--repo", repo.toString(), source.toString())
        .redirectError(work.resolve("backup.err").toFile()).start();
    backup.getOutputStream().close();

    long storedBeforeStop = 0;
    BufferedReader lines = new BufferedReader(new InputStreamReader(backup.getInputStream(), StandardCharsets.UTF_8));
    for (String line = lines.readLine(); line != null && storedBeforeStop == 0; line = lines.readLine()) {
      JsonObject job = new JsonObject(line);
      assertThat(job.getString("state")).as("the backup is still running when it is stopped").isEqualTo("running");
      storedBeforeStop = job.getJsonObject("counters").getLong("bytesNew");
    }
    assertThat(storedBeforeStop).as("the backup stored something before the stop").isPositive();

    backup.destroy(); // SIGTERM; this also closes our end of its output
    assertThat(backup.waitFor(60, TimeUnit.SECONDS)).as("stopped within its bound").isTrue();
    assertThat(backup.exitValue()).as("exit status after SIGTERM").isNotZero();
    String err = Files.readString(work.resolve("backup.err"));
    assertThat(err).contains("cairn: stopping").contains("backup stopped before it finished: no snapshot was written")
        .doesNotContain("Exception").doesNotContain("run check");

    assertThat(run(work.resolve("check.out"), "check", "--repo", repo.toString(), "--read-data"))
        .as(Files.readString(work.resolve("check.out"))).isZero();
    assertThat(run(work.resolve("list.out"), "snapshots", "--repo", repo.toString(), "--json")).isZero();
    assertThat(new JsonArray(Files.readString(work.resolve("list.out")))).as("nothing committed").isEmpty();

    assertThat(run(work.resolve("again.out"), "backup", "--repo", repo.toString(), source.toString()))
        .as(Files.readString(work.resolve("again.out"))).isZero();
    assertThat(run(work.resolve("list.out"), "snapshots", "--repo", repo.toString(), "--json")).isZero();
    JsonObject totals = new JsonArray(Files.readString(work.resolve("list.out"))).getJsonObject(0).getJsonObject("totals");
    long total = (long) DIRS * FILES * SIZE;
    assertThat(totals.getLong("bytes")).isEqualTo(total);
    assertThat(totals.getLong("newBytes")).as("only what the stopped backup had not stored is new")
        .isLessThanOrEqualTo(total - storedBeforeStop);
  }
}
