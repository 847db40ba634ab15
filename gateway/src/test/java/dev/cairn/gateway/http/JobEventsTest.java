package dev.cairn.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.gateway.SampleTree;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A job's event stream")
class JobEventsTest {
  /** Counters that may only grow while a job runs. */
  private static final List<String> GROWING = List.of("filesFound", "bytesFound", "filesDone", "bytesDone",
      "filesUnchanged", "bytesUnchanged", "bytesRead", "bytesNew", "chunksNew", "chunksDuplicate", "directories", "errors");

  @TempDir Path work;
  private Served api;

  @BeforeEach
  void serve() {
    api = new Served(work.resolve("repo"));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private String backUp(Path source) {
    return api.post("/api/jobs", new JsonObject().put("type", "backup").put("paths", new JsonArray().add(source.toString())))
        .bodyAsJsonObject().getString("id");
  }

  @Test
  @DisplayName("follows a backup from its current state to its end: counters only grow and end at the snapshot's totals")
  void followsABackup() throws Exception {
    Path source = SampleTree.random(work.resolve("src"), 8, 150, 64 * 1024, 3);
    String id = backUp(source);
    List<JsonObject> events = new ArrayList<>();
    try (EventReader reader = new EventReader(api, "/api/jobs/" + id + "/events")) {
      assertThat(reader.response.statusCode()).isEqualTo(200);
      assertThat(reader.response.getHeader("Content-Type")).startsWith("text/event-stream");
      for (JsonObject event = reader.next(); event != EventReader.END; event = reader.next()) {
        events.add(event);
      }
    }

    assertThat(events).isNotEmpty().allSatisfy(e -> assertThat(e.getString("id")).isEqualTo(id));
    assertThat(events.get(0).getString("state")).isIn("queued", "running");
    for (int i = 1; i < events.size(); i++) {
      JsonObject before = events.get(i - 1).getJsonObject("counters");
      JsonObject after = events.get(i).getJsonObject("counters");
      for (String counter : GROWING) {
        assertThat(after.getLong(counter)).as(counter + " at event " + i).isGreaterThanOrEqualTo(before.getLong(counter));
      }
    }
    JsonObject last = events.get(events.size() - 1);
    assertThat(last.getString("state")).isEqualTo("succeeded");
    assertThat(events.subList(0, events.size() - 1)).noneMatch(e -> e.getString("state").equals("succeeded"));

    JsonObject snapshot = api.get("/api/snapshots/" + last.getString("snapshot")).bodyAsJsonObject();
    JsonObject totals = snapshot.getJsonObject("totals");
    JsonObject counters = last.getJsonObject("counters");
    assertThat(counters.getLong("filesDone")).isEqualTo(totals.getLong("files")).isEqualTo(1200);
    assertThat(counters.getLong("filesFound")).isEqualTo(1200);
    assertThat(counters.getLong("bytesDone")).isEqualTo(totals.getLong("bytes")).isEqualTo(1200L * 64 * 1024);
    assertThat(counters.getLong("bytesNew")).isEqualTo(totals.getLong("newBytes"));
    assertThat(counters.getLong("directories")).isEqualTo(totals.getLong("directories"));
    assertThat(counters.getLong("filesUnchanged")).isEqualTo(totals.getLong("unchangedFiles"));
    assertThat(counters.getBoolean("walkDone")).isTrue();
  }

  @Test
  @DisplayName("gives a late subscriber the job as it is at once: an ended job's stream is its last state, then the end")
  void lateSubscriber() throws Exception {
    Path source = SampleTree.random(work.resolve("src"), 1, 10, 1024, 4);
    String id = backUp(source);
    JsonObject ended = api.ended(id);
    try (EventReader reader = new EventReader(api, "/api/jobs/" + id + "/events")) {
      JsonObject only = reader.next();
      assertThat(only.getString("state")).isEqualTo("succeeded");
      assertThat(only.getString("snapshot")).isEqualTo(ended.getString("snapshot"));
      assertThat(only.getJsonObject("counters")).isEqualTo(ended.getJsonObject("counters"));
      assertThat(reader.next()).isSameAs(EventReader.END);
    }
  }

  @Test
  @DisplayName("gives a client that stopped reading the job's end once it reads again")
  void slowClient() throws Exception {
    Path source = SampleTree.random(work.resolve("src"), 4, 100, 128 * 1024, 5);
    String id = backUp(source);
    try (EventReader reader = new EventReader(api, "/api/jobs/" + id + "/events")) {
      reader.response.pause();
      api.ended(id);
      reader.response.resume();
      JsonObject last = null;
      for (JsonObject event = reader.next(); event != EventReader.END; event = reader.next()) {
        last = event;
      }
      assertThat(last).isNotNull();
      assertThat(last.getString("state")).isEqualTo("succeeded");
    }
  }
}
