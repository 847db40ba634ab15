package dev.cairn.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.gateway.SampleTree;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP API of a real {@code serve}, called as a script would: every route, every error code,
 * and the OpenAPI document held against the routes the gateway really has. One server with two
 * snapshots is made for the class and only read; a test that starts jobs whose traces another
 * would see, or adds a user, has a server of its own.
 */
@DisplayName("The gateway's API")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayApiTest {
  private Path work;
  private Served api;
  private Path source;
  /** A snapshot of {@link #source} as {@link #writeSource} wrote it. */
  private String first;
  /** A snapshot of {@link #source} after {@link #changeSource}, the latest. */
  private String second;
  /** Every "METHOD /path/{param}" the OpenAPI document describes, and every "METHOD /path/{param} status". */
  private final Set<String> documented = new TreeSet<>();
  private final Set<String> documentedStatuses = new HashSet<>();
  /** Every "METHOD /path/{param} status" a test saw, to hold against the OpenAPI document. */
  private final Set<String> seen = new TreeSet<>();
  private int testsRun;

  @BeforeAll
  void serve(@TempDir Path dir) throws IOException {
    work = dir;
    source = writeSource(work.resolve("src"));
    api = new Served(work.resolve("repo"));
    JsonObject paths = api.get("/api/openapi.json").bodyAsJsonObject().getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (method.equals("parameters")) {
          continue;
        }
        String operation = method.toUpperCase(Locale.ROOT) + " " + path;
        documented.add(operation);
        item.getJsonObject(method).getJsonObject("responses").fieldNames()
            .forEach(status -> documentedStatuses.add(operation + " " + status));
      }
    }
    first = backedUp(api, source);
    changeSource(source);
    second = backedUp(api, source);
  }

  /** Two files, a link and 60 files in two directories: 62 files. */
  private static Path writeSource(Path source) throws IOException {
    Files.createDirectories(source.resolve("sub"));
    Files.writeString(source.resolve("a.txt"), "alpha");
    Files.writeString(source.resolve("sub/b.txt"), "bravo");
    Files.createSymbolicLink(source.resolve("link"), Path.of("a.txt"));
    SampleTree.random(source.resolve("data"), 2, 30, 8192, 1);
    return source;
  }

  /** One file changed, one removed, one added. */
  private static void changeSource(Path source) throws IOException {
    Files.writeString(source.resolve("a.txt"), "alpha, changed");
    Files.delete(source.resolve("sub/b.txt"));
    Files.writeString(source.resolve("new.txt"), "new");
  }

  @AfterEach
  void counted() {
    testsRun++;
  }

  /**
   * Once every test of the class has run, holds what they saw against the document: every
   * documented operation was called (each status was held against it as it was seen).
   */
  @AfterAll
  void stop() {
    api.close();
    long tests = Arrays.stream(getClass().getDeclaredMethods()).filter(m -> m.isAnnotationPresent(Test.class)).count();
    if (testsRun == tests) {
      assertThat(seen.stream().map(s -> s.substring(0, s.lastIndexOf(' '))).filter(documented::contains).distinct().count())
          .as("operations these tests called, of %s; seen %s", documented, seen).isEqualTo(documented.size());
    }
  }

  /** Asserts the status, and that the OpenAPI document describes it if it describes the route, and records it. */
  private JsonObject expect(HttpResponse<Buffer> response, String route, int status) {
    assertThat(response.statusCode()).as(route + ": " + response.bodyAsString()).isEqualTo(status);
    if (documented.contains(route)) {
      assertThat(documentedStatuses).as("the OpenAPI document describes %s %d", route, status).contains(route + " " + status);
    }
    seen.add(route + " " + status);
    if (status >= 400) {
      assertThat(response.getHeader("Content-Type")).startsWith("application/json");
      JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
      assertThat(error.getInteger("status")).isEqualTo(status);
      assertThat(error.getString("code")).matches("[a-z_]+");
      assertThat(error.getString("message")).isNotBlank();
      return error;
    }
    String type = response.getHeader("Content-Type");
    return type != null && type.startsWith("application/json") ? response.bodyAsJsonObject() : null;
  }

  private JsonObject backUp(Served server, Path path) {
    HttpResponse<Buffer> r = server.post("/api/jobs", new JsonObject().put("type", "backup").put("paths", new JsonArray().add(path.toString())));
    JsonObject job = expect(r, "POST /api/jobs", 202);
    assertThat(r.getHeader("Location")).isEqualTo("/api/jobs/" + job.getString("id"));
    return job;
  }

  /** Backs {@code path} up through {@code server}; returns the snapshot's id. */
  private String backedUp(Served server, Path path) {
    JsonObject done = server.ended(backUp(server, path).getString("id"));
    assertThat(done.getString("state")).as(done.encodePrettily()).isEqualTo("succeeded");
    return done.getString("snapshot");
  }

  @Test
  @DisplayName("starts a backup with 202, shows it running, then succeeded with its snapshot")
  void backsUp(@TempDir Path own) throws IOException {
    try (Served api = new Served(own.resolve("repo"))) {
      backsUp(api, writeSource(own.resolve("src")));
    }
  }

  private void backsUp(Served api, Path source) {
    JsonObject accepted = backUp(api, source);
    assertThat(accepted.getString("type")).isEqualTo("backup");
    assertThat(accepted.getString("state")).isIn("queued", "running");
    assertThat(accepted.getJsonObject("counters").fieldNames()).contains("filesFound", "filesDone", "bytesDone", "errors");
    assertThat(accepted.containsKey("snapshot")).isTrue();
    assertThat(accepted.getValue("snapshot")).isNull();

    JsonObject done = api.ended(accepted.getString("id"));
    expect(api.get("/api/jobs/" + accepted.getString("id")), "GET /api/jobs/{id}", 200);
    assertThat(done.getString("state")).isEqualTo("succeeded");
    assertThat(done.getString("snapshot")).matches("[0-9a-f]{64}");
    assertThat(done.getJsonObject("counters").getLong("filesDone")).isEqualTo(62);
    assertThat(done.getJsonArray("history")).isNotNull();

    JsonArray jobs = expect(api.get("/api/jobs"), "GET /api/jobs", 200).getJsonArray("jobs");
    assertThat(jobs.stream().map(j -> ((JsonObject) j).getString("id"))).contains(accepted.getString("id"));
  }

  @Test
  @DisplayName("lists snapshots with totals and shows one by id, prefix or 'latest', with its errors")
  void showsSnapshots() {
    JsonArray all = expect(api.get("/api/snapshots"), "GET /api/snapshots", 200).getJsonArray("snapshots");
    assertThat(all).hasSize(2);
    JsonObject listed = all.getJsonObject(0);
    assertThat(listed.getString("id")).isEqualTo(first);
    assertThat(listed.getJsonArray("paths").getList()).containsExactly(source.toString());
    assertThat(listed.getJsonObject("totals").getLong("files")).isEqualTo(62);
    assertThat(all.getJsonObject(1).getString("id")).as("the latest snapshot is listed last").isEqualTo(second);

    Map<String, String> refs = Map.of(first, first, first.substring(0, 10), first, "latest", second);
    for (Map.Entry<String, String> ref : refs.entrySet()) {
      JsonObject one = expect(api.get("/api/snapshots/" + ref.getKey()), "GET /api/snapshots/{id}", 200);
      assertThat(one.getString("id")).as(ref.getKey()).isEqualTo(ref.getValue());
      assertThat(one.getJsonArray("errors")).isEmpty();
      assertThat(one.getJsonArray("skipped")).isEmpty();
    }
  }

  @Test
  @DisplayName("browses a snapshot's directories, one page at a time")
  void browsesTree() {
    String at = "/api/snapshots/" + first + "/tree?path=" + source;
    JsonObject dir = expect(api.get(at), "GET /api/snapshots/{id}/tree", 200);
    assertThat(dir.getJsonObject("entry").getString("type")).isEqualTo("directory");
    assertThat(dir.getInteger("total")).isEqualTo(4);
    assertThat(dir.getJsonArray("entries").stream().map(e -> ((JsonObject) e).getString("name")))
        .containsExactly("a.txt", "data", "link", "sub");
    JsonObject link = dir.getJsonArray("entries").getJsonObject(2);
    assertThat(link.getString("type")).isEqualTo("symlink");
    assertThat(link.getString("target")).isEqualTo("a.txt");
    assertThat(link.getString("path")).isEqualTo(source + "/link");

    JsonObject page = expect(api.get("/api/snapshots/latest/tree?offset=10&limit=5&path=" + source + "/data/dir-0"),
        "GET /api/snapshots/{id}/tree", 200);
    assertThat(page.getInteger("total")).isEqualTo(30);
    assertThat(page.getJsonArray("entries")).hasSize(5);

    JsonObject file = expect(api.get(at + "/a.txt"), "GET /api/snapshots/{id}/tree", 200);
    assertThat(file.getJsonObject("entry").getLong("size")).isEqualTo(5);
    assertThat(file.getJsonObject("entry").getString("mode")).startsWith("-rw");
    assertThat(file.getJsonArray("entries")).isEmpty();

    JsonObject root = expect(api.get("/api/snapshots/latest/tree"), "GET /api/snapshots/{id}/tree", 200);
    assertThat(root.getJsonObject("entry").getString("type")).isEqualTo("directory");
    assertThat(root.getString("tree")).as("the root's tree is the snapshot's")
        .isEqualTo(api.get("/api/snapshots/latest").bodyAsJsonObject().getString("tree"));
    assertThat(file.containsKey("tree")).as("a file lists no tree").isFalse();
    assertThat(dir.getString("tree")).as("a changed directory's tree changes")
        .matches("[0-9a-f]{64}").isNotEqualTo(api.get(at.replace(first, second)).bodyAsJsonObject().getString("tree"));
    assertThat(api.get(at + "/data").bodyAsJsonObject().getString("tree")).as("an unchanged directory's tree is the same")
        .matches("[0-9a-f]{64}").isEqualTo(api.get(at.replace(first, second) + "/data").bodyAsJsonObject().getString("tree"));

    expect(api.get(at + "/missing"), "GET /api/snapshots/{id}/tree", 404);
    expect(api.get(at + "/a.txt/below"), "GET /api/snapshots/{id}/tree", 404);
    expect(api.get(at + "/../etc"), "GET /api/snapshots/{id}/tree", 400);
    expect(api.get("/api/snapshots/latest/tree?path=relative"), "GET /api/snapshots/{id}/tree", 400);
    expect(api.get(at + "&limit=0"), "GET /api/snapshots/{id}/tree", 400);
  }

  @Test
  @DisplayName("diffs two snapshots: files added, removed, and changed in content")
  void diffs() {
    JsonObject diff = expect(api.get("/api/snapshots/" + first + "/diff/" + second), "GET /api/snapshots/{id}/diff/{other}", 200);
    assertThat(diff.getString("from")).isEqualTo(first);
    assertThat(diff.getString("to")).isEqualTo(second);
    assertThat(paths(diff.getJsonArray("added"))).containsExactly(source + "/new.txt");
    assertThat(paths(diff.getJsonArray("removed"))).containsExactly(source + "/sub/b.txt");
    assertThat(paths(diff.getJsonArray("changed"))).containsExactly(source + "/a.txt");
    assertThat(diff.getJsonArray("changed").getJsonObject(0).getJsonArray("changes").getList()).contains("content");
    assertThat(diff.getJsonObject("counts").getMap()).containsEntry("added", 1).containsEntry("removed", 1)
        .containsEntry("changed", 1);

    JsonObject same = expect(api.get("/api/snapshots/latest/diff/" + second), "GET /api/snapshots/{id}/diff/{other}", 200);
    assertThat(same.getJsonObject("counts").getMap()).containsEntry("added", 0).containsEntry("changed", 0);
    expect(api.get("/api/snapshots/latest/diff/abcdef12"), "GET /api/snapshots/{id}/diff/{other}", 404);
  }

  private static List<String> paths(JsonArray entries) {
    return entries.stream().map(e -> ((JsonObject) e).getString("path")).toList();
  }

  @Test
  @DisplayName("shows what the repository holds and how much deduplication saves")
  void showsRepository() {
    JsonObject repo = expect(api.get("/api/repository"), "GET /api/repository", 200);
    assertThat(repo.getString("location")).isEqualTo(work.resolve("repo").toString());
    assertThat(repo.getLong("snapshots")).isEqualTo(2);
    assertThat(repo.getLong("chunks")).isGreaterThan(0);
    assertThat(repo.getLong("packs")).isGreaterThan(0);
    long logical = api.get("/api/snapshots").bodyAsJsonObject().getJsonArray("snapshots").stream()
        .mapToLong(s -> ((JsonObject) s).getJsonObject("totals").getLong("bytes")).sum();
    assertThat(repo.getLong("logicalBytes")).isEqualTo(logical);
    assertThat(repo.getDouble("dedupRatio")).isGreaterThan(1.5);
    assertThat(repo.getString("hash")).isEqualTo("blake3-256");
  }

  @Test
  @DisplayName("restores a snapshot under a target and checks the repository")
  void restoresAndChecks() throws IOException {
    Path target = work.resolve("restored");
    JsonObject restore = expect(api.post("/api/jobs", new JsonObject().put("type", "restore").put("snapshot", first)
        .put("target", target.toString())), "POST /api/jobs", 202);
    JsonObject restored = api.ended(restore.getString("id"));
    assertThat(restored.getString("state")).isEqualTo("succeeded");
    assertThat(restored.getString("snapshot")).isEqualTo(first);
    assertThat(Files.readString(target.resolve(source.toString().substring(1)).resolve("a.txt"))).isEqualTo("alpha");
    assertThat(Files.readString(target.resolve(source.toString().substring(1)).resolve("sub/b.txt"))).isEqualTo("bravo");

    JsonObject check = expect(api.post("/api/jobs", new JsonObject().put("type", "check").put("readData", true)),
        "POST /api/jobs", 202);
    JsonObject checked = api.ended(check.getString("id"));
    assertThat(checked.getString("state")).isEqualTo("succeeded");
    assertThat(checked.getJsonObject("check").getInteger("snapshots")).isEqualTo(2);
    assertThat(checked.getJsonObject("check").getJsonArray("problems")).isEmpty();

    JsonObject again = expect(api.call(HttpMethod.DELETE, "/api/jobs/" + check.getString("id")), "DELETE /api/jobs/{id}", 409);
    assertThat(again.getString("code")).isEqualTo("job_finished");
  }

  @Test
  @DisplayName("answers bad input with 400 naming the field, unknown things with 404, conflicts with 409, large bodies with 413")
  void refusesBadInput(@TempDir Path own) throws IOException {
    try (Served api = new Served(own.resolve("repo"))) {
      refusesBadInput(api, own, writeSource(own.resolve("src")));
    }
  }

  private void refusesBadInput(Served api, Path work, Path source) throws IOException {
    String jobs = "POST /api/jobs";
    int jobCount = api.get("/api/jobs").bodyAsJsonObject().getJsonArray("jobs").size();
    assertThat(expect(api.call(HttpMethod.POST, "/api/jobs", Buffer.buffer("{bad")), jobs, 400).getString("code"))
        .isEqualTo("bad_request");
    assertThat(expect(api.call(HttpMethod.POST, "/api/jobs", Buffer.buffer("[1, 2]")), jobs, 400).getString("code"))
        .isEqualTo("bad_request");
    assertThat(expect(api.call(HttpMethod.POST, "/api/jobs", Buffer.buffer("")), jobs, 400).getString("code"))
        .isEqualTo("bad_request");
    for (JsonObject wrong : List.of(new JsonObject(), new JsonObject().put("type", "dance"), new JsonObject().put("type", 7),
        new JsonObject().put("type", "backup"), new JsonObject().put("type", "backup").put("paths", new JsonArray()),
        new JsonObject().put("type", "backup").put("paths", new JsonArray().add("relative/path")),
        new JsonObject().put("type", "backup").put("paths", new JsonArray().add(3)),
        new JsonObject().put("type", "backup").put("paths", new JsonArray().add(work.resolve("missing").toString())),
        new JsonObject().put("type", "backup").put("paths", new JsonArray().add(source.toString())).put("force", "yes"),
        new JsonObject().put("type", "restore").put("snapshot", "latest"),
        new JsonObject().put("type", "restore").put("snapshot", "latest").put("target", "relative"))) {
      assertThat(expect(api.post("/api/jobs", wrong), jobs, 400).getString("code")).as(wrong.encode()).isEqualTo("invalid_job");
    }
    JsonObject forget = new JsonObject().put("type", "forget");
    JsonObject check = new JsonObject().put("type", "check");
    Map<JsonObject, String> namesField = new LinkedHashMap<>();
    namesField.put(forget.copy(), "keepLast");
    namesField.put(forget.copy().put("keepLast", 0).put("dryRun", true), "keepLast");
    namesField.put(forget.copy().put("keepLast", -1), "keepLast");
    namesField.put(forget.copy().put("keepDaily", "7"), "keepDaily");
    namesField.put(forget.copy().put("keepWeekly", 1.5), "keepWeekly");
    namesField.put(forget.copy().put("keepMonthly", -3).put("keepLast", 2), "keepMonthly");
    namesField.put(forget.copy().put("keepLast", 1).put("dryRun", "no"), "dryRun");
    namesField.put(forget.copy().put("keepLast", 1).put("timeZone", "Mars/Olympus"), "timeZone");
    namesField.put(new JsonObject().put("type", "prune").put("dryRun", 1), "dryRun");
    namesField.put(check.copy().put("readDataSubset", "0%"), "readDataSubset");
    namesField.put(check.copy().put("readDataSubset", "3/2"), "readDataSubset");
    namesField.put(check.copy().put("readDataSubset", "half"), "readDataSubset");
    namesField.put(check.copy().put("readDataSubset", 10), "readDataSubset");
    namesField.put(check.copy().put("readDataSubset", "1/5").put("readData", false), "readDataSubset");
    namesField.put(check.copy().put("readDataSubset", "10%").put("seed", "42"), "seed");
    namesField.put(check.copy().put("readDataSubset", "10%").put("seed", 4.2), "seed");
    namesField.put(check.copy().put("readData", "yes"), "readData");
    JsonObject backup = new JsonObject().put("type", "backup").put("paths", new JsonArray().add(source.toString()));
    namesField.put(backup.copy().put("compression", "fast"), "compression");
    namesField.put(backup.copy().put("compression", "max:99"), "compression");
    namesField.put(backup.copy().put("compression", 3), "compression");
    namesField.forEach((wrong, field) -> {
      JsonObject error = expect(api.post("/api/jobs", wrong), jobs, 400);
      assertThat(error.getString("code")).as(wrong.encode()).isEqualTo("invalid_job");
      assertThat(error.getString("message")).as(wrong.encode()).contains("\"" + field + "\"");
    });
    int jobsBefore = expect(api.get("/api/jobs"), "GET /api/jobs", 200).getJsonArray("jobs").size();
    assertThat(jobsBefore).as("refused requests start no job").isEqualTo(jobCount);
    JsonObject unknownSnapshot = expect(api.post("/api/jobs", new JsonObject().put("type", "restore")
        .put("snapshot", "abcdef12").put("target", work.resolve("t").toString())), jobs, 404);
    assertThat(unknownSnapshot.getString("code")).isEqualTo("not_found");
    String huge = "{\"type\": \"check\", \"pad\": \"" + "x".repeat(100_000) + "\"}";
    assertThat(expect(api.call(HttpMethod.POST, "/api/jobs", Buffer.buffer(huge)), jobs, 413).getString("code"))
        .isEqualTo("too_large");

    Path big = SampleTree.random(work.resolve("big"), 4, 40, 256 * 1024, 2);
    JsonObject running = backUp(api, big);
    JsonObject clash = expect(api.post("/api/jobs", new JsonObject().put("type", "backup")
        .put("paths", new JsonArray().add(big.toString()))), jobs, 409);
    assertThat(clash.getString("code")).isEqualTo("job_conflict");
    assertThat(clash.getString("message")).contains(running.getString("id"));
    api.ended(running.getString("id"));

    expect(api.get("/api/jobs/no-such-job"), "GET /api/jobs/{id}", 404);
    expect(api.call(HttpMethod.DELETE, "/api/jobs/no-such-job"), "DELETE /api/jobs/{id}", 404);
    expect(api.get("/api/jobs/no-such-job/events"), "GET /api/jobs/{id}/events", 404);
    expect(api.get("/api/snapshots/abcdef12"), "GET /api/snapshots/{id}", 404);
    assertThat(expect(api.get("/api/snapshots/not-hex"), "GET /api/snapshots/{id}", 400).getString("code"))
        .isEqualTo("bad_request");
    expect(api.get("/api/snapshots/abcdef12/tree"), "GET /api/snapshots/{id}/tree", 404);
    assertThat(expect(api.get("/api/nothing/here"), "GET /api/nothing/here", 404).getString("code")).isEqualTo("not_found");
    assertThat(expect(api.call(HttpMethod.PUT, "/api/jobs", Buffer.buffer("{}")), "PUT /api/jobs", 405).getString("code"))
        .isEqualTo("method_not_allowed");
  }

  @Test
  @DisplayName("says it is live and ready, and serves Prometheus metrics per stage, per queue and per job state")
  void healthAndMetrics(@TempDir Path own) throws IOException {
    try (Served api = new Served(own.resolve("repo"))) {
      Path small = writeSource(own.resolve("src"));
      String snapshot = backedUp(api, small);
      Path big = SampleTree.random(own.resolve("big"), 4, 40, 256 * 1024, 2);
      backedUp(api, big);
      JsonObject restored = api.ended(api.post("/api/jobs", new JsonObject().put("type", "restore")
          .put("snapshot", snapshot).put("target", own.resolve("restored").toString())).bodyAsJsonObject().getString("id"));
      assertThat(restored.getString("state")).as(restored.encodePrettily()).isEqualTo("succeeded");
      healthAndMetrics(api);
    }
  }

  private void healthAndMetrics(Served api) {
    assertThat(expect(api.get("/health/live"), "GET /health/live", 200).getString("status")).isEqualTo("UP");
    JsonObject ready = expect(api.get("/health/ready"), "GET /health/ready", 200);
    assertThat(ready.getString("status")).isEqualTo("UP");
    assertThat(ready.getJsonArray("checks").stream().map(c -> ((JsonObject) c).getString("id")))
        .containsExactlyInAnyOrder("store", "scanner", "gateway");

    HttpResponse<Buffer> metrics = api.get("/metrics");
    expect(metrics, "GET /metrics", 200);
    String text = metrics.bodyAsString();
    assertThat(counter(text, "cairn_scanner_files_scanned_total")).isEqualTo(62 + 160);
    assertThat(counter(text, "cairn_hasher_bytes_read_total")).isGreaterThan(40 * 256 * 1024);
    assertThat(counter(text, "cairn_store_chunks_new_total")).isGreaterThan(0);
    assertThat(counter(text, "cairn_store_bytes_written_total")).isGreaterThan(0);
    assertThat(text).contains("cairn_scanner_files_unchanged_total", "cairn_hasher_bytes_hashed_total",
        "cairn_store_chunks_duplicate_total", "cairn_restore_bytes_written_total",
        "cairn_store_request_seconds_count{address=\"cairn.store.put\"}", "cairn_queue_depth{stage=\"hasher\"}",
        "cairn_store_breaker_open 0.0", "cairn_store_breaker_opened_total 0.0",
        "cairn_jobs{state=\"running\"}", "cairn_jobs_ended_total{state=\"succeeded\",type=\"backup\"}",
        "vertx_eventbus_pending{address=\"cairn.hasher.files\"", "jvm_memory_used_bytes", "jvm_gc_", "jvm_threads_live_threads");
  }

  private static double counter(String metrics, String name) {
    return metrics.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
        .findFirst().orElseThrow(() -> new AssertionError("no " + name));
  }

  @Test
  @DisplayName("lists the snapshots that can be read beside a damaged snapshot file, and names that file")
  void listsBesideADamagedSnapshot() throws IOException {
    // The shared repository gets the damaged file for this test only.
    Path damaged = work.resolve("repo").resolve("snapshots").resolve("1".repeat(64));
    Files.writeString(damaged, "{}");
    try {
      JsonObject listing = expect(api.get("/api/snapshots"), "GET /api/snapshots", 200);
      assertThat(listing.getJsonArray("snapshots").stream().map(s -> ((JsonObject) s).getString("id")))
          .contains(first, second);
      assertThat(listing.getJsonArray("damaged")).hasSize(1);
      assertThat(listing.getJsonArray("damaged").getString(0)).contains("snapshot " + "1".repeat(64) + " is damaged");
    } finally {
      Files.delete(damaged);
    }
  }

  @Test
  @DisplayName("serves the page, its script and its chart library, with nothing from elsewhere")
  void servesThePage() {
    HttpResponse<Buffer> page = api.get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Content-Type")).startsWith("text/html");
    assertThat(page.getHeader("Content-Security-Policy")).contains("default-src 'self'");
    assertThat(page.bodyAsString()).contains("<title>cairn</title>").doesNotContain("http://", "https://");
    for (String asset : List.of("/app.js", "/api.js", "/format.js", "/snapshots.js", "/style.css", "/favicon.svg", "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js",
        "/webjars/uplot/1.6.30/dist/uPlot.min.css")) {
      assertThat(api.get(asset).statusCode()).as(asset).isEqualTo(200);
    }
    JsonObject doc = expect(api.get("/api/openapi.json"), "GET /api/openapi.json", 200);
    assertThat(doc.getString("openapi")).startsWith("3.");
  }

  @Test
  @DisplayName("signs a page user in and out, says who calls, and refuses a missing credential or a role too low")
  void signsInAndRefuses(@TempDir Path own) throws IOException {
    try (Served api = new Served(own.resolve("repo"))) {
      signsInAndRefuses(api);
    }
  }

  private void signsInAndRefuses(Served api) throws IOException {
    new dev.cairn.gateway.auth.CredentialsFile(api.stateDir).addUser("grace", dev.cairn.gateway.auth.AccessRole.VIEWER,
        "a long enough password".toCharArray());
    String login = "POST /api/login";
    expect(Served.await(api.web.post("/api/login").putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{}"))), login, 400);
    expect(Served.await(api.web.post("/api/login").sendJsonObject(new JsonObject().put("name", "grace")
        .put("password", "not it"))), login, 401);
    HttpResponse<Buffer> in = Served.await(api.web.post("/api/login").sendJsonObject(new JsonObject()
        .put("name", "grace").put("password", "a long enough password")));
    JsonObject session = expect(in, login, 200);
    assertThat(session.getString("role")).isEqualTo("viewer");
    String cookie = in.getHeader("Set-Cookie").substring(0, in.getHeader("Set-Cookie").indexOf(';'));

    JsonObject who = expect(Served.await(api.web.get("/api/session").putHeader("Cookie", cookie).send()),
        "GET /api/session", 200);
    assertThat(who.getString("name")).isEqualTo("grace");
    assertThat(who.getString("csrfToken")).isEqualTo(session.getString("csrfToken"));
    assertThat(expect(api.get("/api/session"), "GET /api/session", 200).getString("role")).isEqualTo("admin");
    expect(Served.await(api.web.get("/api/session").send()), "GET /api/session", 401);
    JsonObject low = expect(Served.await(api.web.post("/api/jobs").putHeader("Cookie", cookie)
        .putHeader(Authenticator.CSRF_HEADER, session.getString("csrfToken"))
        .sendJsonObject(new JsonObject().put("type", "check"))), "POST /api/jobs", 403);
    assertThat(low.getString("message")).contains("operator role");
    expect(Served.await(api.web.post("/api/jobs").sendJsonObject(new JsonObject().put("type", "check"))),
        "POST /api/jobs", 401);
    expect(Served.await(api.web.post("/api/logout").putHeader("Cookie", cookie).putHeader("Content-Type", "application/json")
        .send()), "POST /api/logout", 403);
    HttpResponse<Buffer> out = Served.await(api.web.post("/api/logout").putHeader("Cookie", cookie)
        .putHeader("Content-Type", "application/json")
        .putHeader(Authenticator.CSRF_HEADER, session.getString("csrfToken")).send());
    expect(out, "POST /api/logout", 204);
    expect(Served.await(api.web.get("/api/session").putHeader("Cookie", cookie).send()), "GET /api/session", 401);
  }

  @Test
  @DisplayName("describes in its OpenAPI document exactly the routes it has")
  void openApiMatchesRoutes() {
    expect(api.get("/api/openapi.json"), "GET /api/openapi.json", 200);
    Set<String> routed = new TreeSet<>();
    for (Route route : api.server.gateway().router().getRoutes()) {
      String path = route.getPath();
      if (path == null || route.methods() == null || path.endsWith("/")) {
        continue; // prefix routes serve the page's static files, not API operations
      }
      String template = path.replaceAll(":([a-zA-Z]+)", "{$1}");
      route.methods().forEach(m -> routed.add(m.name() + " " + template));
    }

    assertThat(documented).isEqualTo(routed);
  }
}
