package dev.cairn.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.gateway.SampleTree;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Cancelling a job")
class CancelTest {
  @TempDir Path work;

  @Test
  @DisplayName("mid-backup leaves no snapshot and a repository that check passes, and the next backup works")
  void cancelsABackupMidway() throws Exception {
    Path source = SampleTree.random(work.resolve("src"), 12, 32, 1 << 20, 6);
    try (Served api = new Served(work.resolve("repo"))) {
      JsonObject job = api.post("/api/jobs", new JsonObject().put("type", "backup")
          .put("paths", new JsonArray().add(source.toString()))).bodyAsJsonObject();
      String id = job.getString("id");
      api.await("/api/jobs/" + id, j -> j.getJsonObject("counters").getLong("filesDone") > 0, Duration.ofSeconds(30));

      var cancel = api.call(HttpMethod.DELETE, "/api/jobs/" + id);
      assertThat(cancel.statusCode()).as(cancel.bodyAsString()).isEqualTo(202);
      assertThat(cancel.bodyAsJsonObject().getBoolean("cancelRequested")).isTrue();

      JsonObject ended = api.ended(id);
      assertThat(ended.getString("state")).isEqualTo("cancelled");
      assertThat(ended.getValue("snapshot")).isNull();
      assertThat(ended.getJsonObject("counters").getLong("filesDone")).isBetween(1L, 383L);
      assertThat(api.get("/api/snapshots").bodyAsJsonObject().getJsonArray("snapshots")).isEmpty();

      String check = api.post("/api/jobs", new JsonObject().put("type", "check").put("readData", true))
          .bodyAsJsonObject().getString("id");
      JsonObject checked = api.ended(check);
      assertThat(checked.getString("state")).as(checked.encodePrettily()).isEqualTo("succeeded");
      assertThat(checked.getJsonObject("check").getJsonArray("problems")).isEmpty();

      String again = api.post("/api/jobs", new JsonObject().put("type", "backup")
          .put("paths", new JsonArray().add(source.toString()))).bodyAsJsonObject().getString("id");
      JsonObject done = api.ended(again);
      assertThat(done.getString("state")).isEqualTo("succeeded");
      assertThat(done.getJsonObject("counters").getLong("filesDone")).isEqualTo(384);
    }
  }

  @Test
  @DisplayName("that is queued ends it at once, without running it")
  void cancelsAQueuedJob() throws Exception {
    Path source = SampleTree.random(work.resolve("src"), 4, 16, 1 << 20, 7);
    try (Served api = new Served(work.resolve("repo"))) {
      String[] ids = new String[3];
      for (int i = 0; i < 3; i++) {
        Path copy = Files.createDirectories(work.resolve("src-" + i));
        Files.writeString(copy.resolve("note"), "copy " + i);
        ids[i] = api.post("/api/jobs", new JsonObject().put("type", "backup")
            .put("paths", new JsonArray().add(source.toString()).add(copy.toString()))).bodyAsJsonObject().getString("id");
      }
      JsonObject third = api.get("/api/jobs/" + ids[2]).bodyAsJsonObject();
      assertThat(third.getString("state")).as("two jobs run at once; the third waits").isEqualTo("queued");

      var cancel = api.call(HttpMethod.DELETE, "/api/jobs/" + ids[2]);
      assertThat(cancel.statusCode()).isEqualTo(202);
      assertThat(cancel.bodyAsJsonObject().getString("state")).isEqualTo("cancelled");
      assertThat(cancel.bodyAsJsonObject().getValue("started")).isNull();
      assertThat(api.ended(ids[0]).getString("state")).isEqualTo("succeeded");
      assertThat(api.ended(ids[1]).getString("state")).isEqualTo("succeeded");
      assertThat(api.get("/api/snapshots").bodyAsJsonObject().getJsonArray("snapshots")).hasSize(2);
    }
  }
}
