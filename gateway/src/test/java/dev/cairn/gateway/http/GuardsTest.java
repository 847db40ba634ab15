package dev.cairn.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.Addresses;
import dev.cairn.common.message.MaintenanceMessages.Lock;
import dev.cairn.common.message.MaintenanceMessages.Unlock;
import dev.cairn.gateway.http.RawHttp.Answer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's refusals, each an attack sent to a real server over a plain socket: a foreign
 * {@code Host}, a state change from another page or without JSON, paths outside the allowed roots,
 * a flood of jobs or of idle connections; and the audit line each state change leaves.
 */
@DisplayName("The gateway refuses what a browser or a stranger sends it")
class GuardsTest {
  @TempDir Path work;

  private static Map<String, String> headers(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  /** {@code pairs} as headers, with the admin token of {@code api}: a caller who is let in, so only the guards refuse. */
  private static Map<String, String> signed(Served api, String... pairs) {
    Map<String, String> map = headers(pairs);
    map.put("Authorization", "Bearer " + api.token);
    return map;
  }

  private static GatewaySecurity allowing(Path state, List<String> hosts, List<Path> paths) {
    return new GatewaySecurity(state, hosts, paths, null, null, false, false, null);
  }

  private static int jobs(Served api) {
    return api.get("/api/jobs").bodyAsJsonObject().getJsonArray("jobs").size();
  }

  @Test
  @DisplayName("a Host header that does not name the server gets 403 on the API and the page; its own names pass")
  void refusesForeignHostNames() throws IOException {
    GatewaySecurity security = allowing(work.resolve("state"), List.of("backup.example"), List.of(work));
    try (Served api = new Served(work.resolve("repo"), security, GatewayLimits.DEFAULT)) {
      int port = api.port();
      for (String target : List.of("/api/jobs", "/api/repository", "/api/snapshots", "/api/openapi.json", "/",
          "/app.js", "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js", "/metrics")) {
        for (String host : List.of("attacker.example:" + port, "attacker.example", "127.0.0.1.attacker.example",
            "localhost.attacker.example:" + port)) {
          Answer refused = RawHttp.send(port, "GET", target, signed(api, "Host", host), null);
          assertThat(refused.status()).as(target + " with Host " + host).isEqualTo(403);
          assertThat(refused.headers().get("content-type")).startsWith("application/json");
          assertThat(refused.code()).isEqualTo("host_not_allowed");
        }
        for (String host : List.of("localhost:" + port, "127.0.0.1:" + port, "backup.example", "BACKUP.example:443",
            "[::1]:" + port, "localhost")) {
          assertThat(RawHttp.send(port, "GET", target, signed(api, "Host", host), null).status())
              .as(target + " with Host " + host).isEqualTo(200);
        }
      }
      Answer post = RawHttp.send(port, "POST", "/api/jobs", signed(api, "Host", "attacker.example:" + port,
          "Content-Type", "application/json"), "{\"type\": \"check\"}");
      assertThat(post.status()).isEqualTo(403);
      assertThat(jobs(api)).as("no job started").isZero();
      assertThat(RawHttp.send(port, "GET", "/health/live", signed(api, "Host", "10.0.0.7:" + port), null).status())
          .as("probes answer whatever Host they carry").isEqualTo(200);
    }
  }

  @Test
  @DisplayName("a job sent without JSON, as text, or from another origin's page gets 403 and starts nothing; a cancel from another page too")
  void refusesCrossSiteStateChanges() throws IOException {
    try (Served api = new Served(work.resolve("repo"))) {
      int port = api.port();
      String host = "127.0.0.1:" + port;
      String check = "{\"type\": \"check\"}";
      List<Map<String, String>> forged = List.of(
          signed(api, "Host", host),
          signed(api, "Host", host, "Content-Type", "text/plain;charset=UTF-8"),
          signed(api, "Host", host, "Content-Type", "application/x-www-form-urlencoded"),
          signed(api, "Host", host, "Content-Type", "multipart/form-data; boundary=x"),
          signed(api, "Host", host, "Content-Type", "application/json", "Origin", "http://attacker.example"),
          signed(api, "Host", host, "Content-Type", "application/json", "Origin", "http://127.0.0.1:" + (port + 1)),
          signed(api, "Host", host, "Content-Type", "application/json", "Origin", "http://localhost:" + port),
          signed(api, "Host", host, "Content-Type", "application/json", "Origin", "null"),
          signed(api, "Host", host, "Content-Type", "application/json", "Sec-Fetch-Site", "cross-site"),
          signed(api, "Host", host, "Content-Type", "application/json", "Sec-Fetch-Site", "same-site"));
      for (Map<String, String> h : forged) {
        Answer answer = RawHttp.send(port, "POST", "/api/jobs", h, check);
        assertThat(answer.status()).as(h.toString()).isEqualTo(403);
        assertThat(answer.code()).as(h.toString()).isIn("not_json", "cross_origin");
      }
      assertThat(jobs(api)).as("no forged request started a job").isZero();

      Answer own = RawHttp.send(port, "POST", "/api/jobs", signed(api, "Host", host, "Content-Type", "application/json",
          "Origin", "http://" + host, "Sec-Fetch-Site", "same-origin"), check);
      assertThat(own.status()).as(own.body()).isEqualTo(202);
      String id = new JsonObject(own.body()).getString("id");
      Answer script = RawHttp.send(port, "POST", "/api/jobs", signed(api, "Host", host, "Content-Type",
          "application/json; charset=utf-8"), "{\"type\": \"prune\", \"dryRun\": true}");
      assertThat(script.status()).as("a script sends no Origin: " + script.body()).isEqualTo(202);
      api.ended(id);

      Answer cancel = RawHttp.send(port, "DELETE", "/api/jobs/" + id, signed(api, "Host", host,
          "Origin", "http://attacker.example"), null);
      assertThat(cancel.status()).isEqualTo(403);
      assertThat(cancel.code()).isEqualTo("cross_origin");
      assertThat(RawHttp.send(port, "DELETE", "/api/jobs/" + id, signed(api, "Host", host), null).code())
          .as("a cancel from a script reaches the job").isEqualTo("job_finished");
    }
  }

  @Test
  @DisplayName("a backup or restore outside the --allow-path roots, or through a link that leads out, gets 403; inside is done")
  void refusesPathsOutsideRoots() throws IOException {
    Path allowed = Files.createDirectories(work.resolve("allowed"));
    Path source = Files.createDirectories(allowed.resolve("src"));
    Files.writeString(source.resolve("a.txt"), "alpha");
    Path outside = Files.createDirectories(work.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "not for callers");
    Path escape = Files.createSymbolicLink(allowed.resolve("escape"), outside);
    Path dangling = Files.createSymbolicLink(allowed.resolve("dangling"), outside.resolve("not-yet"));
    GatewaySecurity security = allowing(work.resolve("state"), List.of(), List.of(allowed));
    try (Served api = new Served(work.resolve("repo"), security, GatewayLimits.DEFAULT)) {
      for (String path : List.of(outside.toString(), outside.resolve("secret.txt").toString(), escape.toString(),
          escape.resolve("secret.txt").toString(), "/etc/shadow", "/root/.ssh", work.toString())) {
        var refused = api.post("/api/jobs", new JsonObject().put("type", "backup").put("paths", new JsonArray().add(path)));
        assertThat(refused.statusCode()).as(path + ": " + refused.bodyAsString()).isEqualTo(403);
        JsonObject error = refused.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("path_not_allowed");
        assertThat(error.getString("message")).contains(path).contains("--allow-path");
      }
      var mixed = api.post("/api/jobs", new JsonObject().put("type", "backup")
          .put("paths", new JsonArray().add(source.toString()).add(escape.toString())));
      assertThat(mixed.statusCode()).as("one path outside refuses the backup").isEqualTo(403);
      assertThat(jobs(api)).isZero();

      JsonObject backup = api.post("/api/jobs", new JsonObject().put("type", "backup")
          .put("paths", new JsonArray().add(source.toString()))).bodyAsJsonObject();
      assertThat(api.ended(backup.getString("id")).getString("state")).isEqualTo("succeeded");

      for (Path target : List.of(outside.resolve("restored"), escape.resolve("new/dir"), escape,
          dangling.resolve("below"), Path.of("/root/.ssh"), work.resolve("state"))) {
        var refused = api.post("/api/jobs", new JsonObject().put("type", "restore").put("snapshot", "latest")
            .put("target", target.toString()));
        assertThat(refused.statusCode()).as(target + ": " + refused.bodyAsString()).isEqualTo(403);
        assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("message")).contains(target.toString());
      }
      try (var listed = Files.list(outside)) {
        assertThat(listed.map(p -> p.getFileName().toString())).containsExactly("secret.txt");
      }

      Path target = allowed.resolve("restored/here");
      JsonObject restore = api.post("/api/jobs", new JsonObject().put("type", "restore").put("snapshot", "latest")
          .put("target", target.toString())).bodyAsJsonObject();
      assertThat(api.ended(restore.getString("id")).getString("state")).isEqualTo("succeeded");
      assertThat(Files.readString(target.resolve(source.toString().substring(1)).resolve("a.txt"))).isEqualTo("alpha");
    }
  }

  @Test
  @DisplayName("with no --allow-path, the API backs up and restores nothing, and says how to allow a path")
  void allowsNoPathByDefault() throws IOException {
    Path source = Files.createDirectories(work.resolve("src"));
    try (Served api = new Served(work.resolve("repo"), GatewaySecurity.in(work.resolve("state")), GatewayLimits.DEFAULT)) {
      var refused = api.post("/api/jobs", new JsonObject().put("type", "backup").put("paths", new JsonArray().add(source.toString())));
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("message"))
          .contains(source.toString()).contains("--allow-path");
      var check = api.post("/api/jobs", new JsonObject().put("type", "check"));
      assertThat(check.statusCode()).as("a check touches no path").isEqualTo(202);
      api.ended(check.bodyAsJsonObject().getString("id"));
    }
  }

  /**
   * Starts, in the one slot of {@code api}, a prune that waits for a lease held elsewhere, so the
   * jobs sent after it stay queued until the lease is given back; returns the prune's id.
   */
  private static String holdTheSlot(Served api, Path source) throws IOException {
    for (int generation = 0; generation < 2; generation++) {
      byte[] data = new byte[1 << 20];
      new Random(generation).nextBytes(data);
      Files.write(source.resolve("data.bin"), data);
      String backup = api.post("/api/jobs", new JsonObject().put("type", "backup")
          .put("paths", new JsonArray().add(source.toString()))).bodyAsJsonObject().getString("id");
      assertThat(api.ended(backup).getString("state")).isEqualTo("succeeded");
    }
    // The first snapshot forgotten, the prune has data to delete, so it waits for the lease.
    String forget = api.post("/api/jobs", new JsonObject().put("type", "forget").put("keepLast", 1))
        .bodyAsJsonObject().getString("id");
    assertThat(api.ended(forget).getString("state")).isEqualTo("succeeded");
    Served.await(api.server.node().vertx().eventBus().request(Addresses.STORE_LOCK, new Lock("elsewhere", false)));
    String prune = api.post("/api/jobs", new JsonObject().put("type", "prune")).bodyAsJsonObject().getString("id");
    api.await("/api/jobs/" + prune, job -> job.getString("state").equals("running"), Duration.ofSeconds(30));
    return prune;
  }

  private static void releaseTheSlot(Served api) {
    Served.await(api.server.node().vertx().eventBus().request(Addresses.STORE_UNLOCK, new Unlock("elsewhere")));
  }

  @Test
  @DisplayName("jobs beyond the queue's bound get 429 with Retry-After, and the job list is bounded by its limit")
  void boundsTheQueue() throws IOException {
    GatewayLimits limits = GatewayLimits.DEFAULT.withMaxRunning(1).withMaxQueued(2);
    Path source = Files.createDirectories(work.resolve("src"));
    try (Served api = new Served(work.resolve("repo"), limits)) {
      List<String> ids = new ArrayList<>(List.of(holdTheSlot(api, source)));
      for (int i = 0; i < 2; i++) {
        var queued = api.post("/api/jobs", new JsonObject().put("type", "check"));
        assertThat(queued.statusCode()).isEqualTo(202);
        assertThat(queued.bodyAsJsonObject().getString("state")).isEqualTo("queued");
        ids.add(queued.bodyAsJsonObject().getString("id"));
      }
      for (int i = 0; i < 3; i++) {
        var full = api.post("/api/jobs", new JsonObject().put("type", "check"));
        assertThat(full.statusCode()).isEqualTo(429);
        assertThat(full.getHeader("Retry-After")).matches("[1-9][0-9]*");
        assertThat(full.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("queue_full");
      }
      JsonObject listed = api.get("/api/jobs?limit=2").bodyAsJsonObject();
      assertThat(listed.getJsonArray("jobs")).hasSize(2);
      assertThat(listed.getInteger("total")).isEqualTo(6);
      assertThat(api.get("/api/jobs?limit=0").statusCode()).isEqualTo(400);
      assertThat(api.get("/api/jobs?limit=1001").statusCode()).isEqualTo(400);

      releaseTheSlot(api);
      for (String id : ids) {
        assertThat(api.ended(id).getString("state")).as(id).isEqualTo("succeeded");
      }
      assertThat(api.post("/api/jobs", new JsonObject().put("type", "check")).statusCode())
          .as("a free slot takes jobs again").isEqualTo(202);
    }
  }

  @Test
  @DisplayName("while a restore may still plant links, no other job may restore into or back up a path that nests with its target")
  void refusesPathsARestoreIsWriting() throws IOException {
    Path source = Files.createDirectories(work.resolve("src"));
    try (Served api = new Served(work.resolve("repo"), GatewayLimits.DEFAULT.withMaxRunning(1))) {
      String prune = holdTheSlot(api, source);
      Path target = Files.createDirectories(work.resolve("restored"));
      var first = api.post("/api/jobs", new JsonObject().put("type", "restore").put("snapshot", "latest")
          .put("target", target.toString()));
      assertThat(first.statusCode()).isEqualTo(202);
      List<JsonObject> nested = List.of(
          new JsonObject().put("type", "restore").put("snapshot", "latest").put("target", target.resolve("link/.ssh").toString()),
          new JsonObject().put("type", "restore").put("snapshot", "latest").put("target", work.toString()),
          new JsonObject().put("type", "backup").put("paths", new JsonArray().add(target.toString())));
      for (JsonObject request : nested) {
        var refused = api.post("/api/jobs", request);
        assertThat(refused.statusCode()).as(request.encode()).isEqualTo(409);
        assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("message"))
            .contains(first.bodyAsJsonObject().getString("id"));
      }
      releaseTheSlot(api);
      assertThat(api.ended(prune).getString("state")).isEqualTo("succeeded");
      assertThat(api.ended(first.bodyAsJsonObject().getString("id")).getString("state")).isEqualTo("succeeded");
    }
  }

  @Test
  @DisplayName("hundreds of idle connections beyond the cap are shed, and /health/live keeps answering")
  void shedsIdleConnections() throws IOException {
    int cap = 20;
    int idle = 300;
    try (Served api = new Served(work.resolve("repo"), GatewayLimits.DEFAULT.withMaxConnections(cap))) {
      List<Socket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < idle; i++) {
          Socket socket = new Socket("127.0.0.1", api.port());
          if (i % 2 == 1) {
            // Half start a request head and never finish it.
            OutputStream out = socket.getOutputStream();
            out.write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
          }
          sockets.add(socket);
        }
        Answer live = RawHttp.send(api.port(), "GET", "/health/live", headers("Host", "127.0.0.1"), null);
        assertThat(live.status()).isEqualTo(200);
        assertThat(new JsonObject(live.body()).getString("status")).isEqualTo("UP");

        // The oldest are the ones shed: each must see its connection closed by the server.
        int closed = 0;
        for (Socket socket : sockets.subList(0, idle - cap - 10)) {
          socket.setSoTimeout(10_000);
          try (InputStream in = socket.getInputStream()) {
            if (in.read() == -1) {
              closed++;
            }
          } catch (SocketTimeoutException stillOpen) {
            // counted as not closed
          } catch (IOException reset) {
            closed++;
          }
        }
        assertThat(closed).isEqualTo(idle - cap - 10);
      } finally {
        for (Socket socket : sockets) {
          socket.close();
        }
      }
      assertThat(api.get("/api/jobs").statusCode()).isEqualTo(200);
    }
  }

  /** A socket that sent the head of a sign-in with a 60,000-byte body, and its first byte only. */
  private static Socket slowBody(Served api) throws IOException {
    Socket socket = new Socket("127.0.0.1", api.port());
    OutputStream out = socket.getOutputStream();
    out.write(("POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + "Content-Length: 60000\r\n\r\n{").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return socket;
  }

  /**
   * How many of {@code sockets} the server closed, all of them given 10 s together to show it:
   * a closed one reads its end at once, so only the ones still open cost time.
   */
  private static int closedByServer(List<Socket> sockets) throws IOException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    int closed = 0;
    for (Socket socket : sockets) {
      socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(deadline - System.nanoTime()).toMillis()));
      try {
        InputStream in = socket.getInputStream();
        while (in.read() != -1) {
          // whatever the server said before closing
        }
        closed++;
      } catch (SocketTimeoutException stillOpen) {
        // counted as not closed
      } catch (IOException reset) {
        closed++;
      }
    }
    return closed;
  }

  @Test
  @DisplayName("slow request bodies beyond the cap, sent without a credential, are shed, and /health/live keeps answering")
  void shedsSlowBodies() throws IOException {
    int cap = 20;
    int slow = 60;
    try (Served api = new Served(work.resolve("repo"), GatewayLimits.DEFAULT.withMaxConnections(cap))) {
      List<Socket> sockets = new ArrayList<>();
      try {
        // A probe after each, as a prober would keep asking while they pile up; its round trip also
        // lets the server read each head before the next connection comes.
        for (int i = 0; i < slow; i++) {
          sockets.add(slowBody(api));
          Answer live = RawHttp.send(api.port(), "GET", "/health/live", headers("Host", "127.0.0.1"), null);
          assertThat(live.status()).as("probe after " + (i + 1) + " slow bodies").isEqualTo(200);
        }
        // Which ones go depends on which heads the server had read when each new one came; how
        // many does not: it holds no more than its cap.
        assertThat(closedByServer(sockets)).isGreaterThanOrEqualTo(slow - cap);
      } finally {
        for (Socket socket : sockets) {
          socket.close();
        }
      }
      assertThat(api.get("/api/jobs").statusCode()).isEqualTo(200);
    }
  }

  @Test
  @DisplayName("one address beyond its own cap of connections has the excess closed, well before the total cap")
  void capsConnectionsPerAddress() throws IOException {
    int perPeer = 10;
    int slow = 30;
    try (Served api = new Served(work.resolve("repo"), GatewayLimits.DEFAULT.withMaxConnectionsPerPeer(perPeer))) {
      List<Socket> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < slow; i++) {
          sockets.add(slowBody(api));
        }
        Answer live = RawHttp.send(api.port(), "GET", "/health/live", headers("Host", "127.0.0.1"), null);
        assertThat(live.status()).isEqualTo(200);
        assertThat(closedByServer(sockets)).isGreaterThanOrEqualTo(slow - perPeer);
      } finally {
        for (Socket socket : sockets) {
          socket.close();
        }
      }
    }
  }

  @Test
  @DisplayName("closes a connection whose request body is still arriving, a byte at a time, past its deadline")
  void closesABodyPastItsDeadline() throws IOException {
    int bodySeconds = 2;
    try (Served api = new Served(work.resolve("repo"), GatewayLimits.DEFAULT.withBodySeconds(bodySeconds));
        Socket socket = slowBody(api)) {
      socket.setSoTimeout(500);
      long start = System.nanoTime();
      boolean closed = false;
      // A byte every half second keeps the connection far from idle; only the body's deadline ends it.
      while (!closed && System.nanoTime() - start < Duration.ofSeconds(15).toNanos()) {
        try {
          closed = socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException quiet) {
          try {
            socket.getOutputStream().write(' ');
            socket.getOutputStream().flush();
          } catch (IOException reset) {
            closed = true;
          }
        } catch (IOException reset) {
          closed = true;
        }
      }
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(closed).as("closed within 15 s").isTrue();
      assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(bodySeconds * 1000L - 500));
      assertThat(RawHttp.send(api.port(), "GET", "/health/live", headers("Host", "127.0.0.1"), null).status())
          .isEqualTo(200);
    }
  }

  @Test
  @DisplayName("every state change, accepted or refused, leaves one audit line: who, what, from where, and the answer")
  void auditsStateChanges() throws IOException, InterruptedException {
    try (Served api = new Served(work.resolve("repo")); AuditLines audit = new AuditLines()) {
      int port = api.port();
      RawHttp.send(port, "POST", "/api/jobs", headers("Host", "127.0.0.1"), "{\"type\": \"check\"}");
      String id = api.post("/api/jobs", new JsonObject().put("type", "check")).bodyAsJsonObject().getString("id");
      api.ended(id);
      RawHttp.send(port, "DELETE", "/api/jobs/" + id, headers("Host", "127.0.0.1"), null);
      api.get("/api/jobs");
      List<JsonObject> lines = audit.await(3, Duration.ofSeconds(30));
      assertThat(lines).hasSize(3);
      assertThat(lines).extracting(line -> line.getString("user")).containsExactly("anonymous", "tests", "anonymous");
      assertThat(lines.get(1).getString("role")).isEqualTo("admin");
      for (JsonObject line : lines) {
        assertThat(line.getString("from")).isEqualTo("127.0.0.1");
        assertThat(line.getString("path")).startsWith("/api/jobs");
      }
      assertThat(lines.get(0).getString("method")).isEqualTo("POST");
      assertThat(lines.get(0).getInteger("status")).isEqualTo(403);
      assertThat(lines.get(1).getString("jobType")).isEqualTo("check");
      assertThat(lines.get(1).getString("job")).isEqualTo(id);
      assertThat(lines.get(1).getInteger("status")).isEqualTo(202);
      assertThat(lines.get(2).getString("method")).isEqualTo("DELETE");
      assertThat(lines.get(2).getString("job")).as("a cancel without a credential names no job").isNull();
      assertThat(lines.get(2).getInteger("status")).isEqualTo(401);
    }
  }
}
