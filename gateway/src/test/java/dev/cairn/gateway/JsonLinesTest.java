package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The command line with --json")
class JsonLinesTest {
  @TempDir Path work;

  private static List<JsonObject> jobs(Cli.Result run) {
    return run.lines().stream().map(JsonObject::new).toList();
  }

  @Test
  @DisplayName("prints a backup and a restore as JSON lines, the web API's job, the last one ended with its snapshot or reason")
  void backupAndRestore() throws Exception {
    Path source = SampleTree.random(work.resolve("src"), 4, 50, 256 * 1024, 10);
    String repo = work.resolve("repo").toString();

    Cli.Result backup = Cli.run("backup", "--init", "--json", "--repo", repo, source.toString());
    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    List<JsonObject> lines = jobs(backup);
    assertThat(lines).isNotEmpty().allSatisfy(j -> {
      assertThat(j.getString("type")).isEqualTo("backup");
      assertThat(j.getString("id")).isEqualTo(lines.get(0).getString("id"));
    });
    for (int i = 1; i < lines.size(); i++) {
      assertThat(lines.get(i).getJsonObject("counters").getLong("bytesDone"))
          .isGreaterThanOrEqualTo(lines.get(i - 1).getJsonObject("counters").getLong("bytesDone"));
    }
    JsonObject last = lines.get(lines.size() - 1);
    assertThat(last.getString("state")).isEqualTo("succeeded");
    assertThat(last.getJsonObject("counters").getLong("filesDone")).isEqualTo(200);
    String snapshot = new JsonArray(Cli.run("snapshots", "--repo", repo, "--json").out()).getJsonObject(0).getString("id");
    assertThat(last.getString("snapshot")).isEqualTo(snapshot);

    Path target = work.resolve("restored");
    Cli.Result restore = Cli.run("restore", "--json", "--repo", repo, "latest", "--target", target.toString());
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    JsonObject restored = jobs(restore).get(jobs(restore).size() - 1);
    assertThat(restored.getString("state")).isEqualTo("succeeded");
    assertThat(restored.getString("snapshot")).isEqualTo(snapshot);
    assertThat(restored.getJsonObject("counters").getLong("bytesDone")).isEqualTo(200L * 256 * 1024);
    assertThat(Files.mismatch(source.resolve("dir-3/file-49.bin"),
        target.resolve(source.toString().substring(1)).resolve("dir-3/file-49.bin"))).isEqualTo(-1);

    Cli.Result unknown = Cli.run("restore", "--json", "--repo", repo, "abcdef12", "--target", target.toString());
    assertThat(unknown.exitCode()).isEqualTo(1);
    JsonObject failed = jobs(unknown).get(jobs(unknown).size() - 1);
    assertThat(failed.getString("state")).isEqualTo("failed");
    assertThat(failed.getString("error")).contains("abcdef12");
    assertThat(unknown.err()).contains("abcdef12");
  }
}
