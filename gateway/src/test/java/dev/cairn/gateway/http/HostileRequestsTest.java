package dev.cairn.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of hostile requests, drawn at random from a printed seed, sent over a raw socket to a
 * real gateway on a real repository: each must get a 4xx JSON error, and the gateway must still
 * serve afterwards. A raw socket, because an HTTP client would tidy up exactly what is under test
 * ({@code ..}, bad escapes, overlong lines, odd methods).
 */
@DisplayName("The gateway under hostile requests")
class HostileRequestsTest {
  private static final int REQUESTS = 400;

  @TempDir Path work;

  /** A request as bytes on the wire, and a name for it in failure messages. */
  private record Request(String method, String target, Map<String, String> headers, byte[] body) {
    String describe() {
      String shown = target.length() > 120 ? target.substring(0, 120) + "...(" + target.length() + ")" : target;
      return method + " " + shown + " " + headers + " body " + (body.length > 120
          ? body.length + " bytes" : new String(body, StandardCharsets.UTF_8));
    }
  }

  /** A response: its status, headers (lower-case names) and body. */
  private record Response(int status, Map<String, String> headers, String body) {}

  @Test
  @DisplayName("answers every bad request with a 4xx JSON error, never a 5xx, and still serves a good one afterwards")
  void survivesHostileRequests() throws Exception {
    Path source = Files.createDirectories(work.resolve("src/sub"));
    Files.writeString(source.resolve("a.txt"), "alpha");
    long seed = new Random().nextLong();
    System.out.println("HostileRequestsTest seed: " + seed);
    Random random = new Random(seed);
    try (Served api = new Served(work.resolve("repo"))) {
      JsonObject backup = api.post("/api/jobs", new JsonObject().put("type", "backup")
          .put("paths", new JsonArray().add(work.resolve("src").toString()))).bodyAsJsonObject();
      assertThat(api.ended(backup.getString("id")).getString("state")).isEqualTo("succeeded");

      List<Function<Random, Request>> kinds = kinds();
      List<String> wrong = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        Request request = kinds.get(random.nextInt(kinds.size())).apply(random);
        Response response = send(api.port(), api.token, request);
        String problem = problem(response);
        if (problem != null) {
          wrong.add("request " + i + ": " + request.describe() + " -> " + response.status() + " "
              + response.headers().get("content-type") + " " + response.body() + ": " + problem);
        }
      }
      assertThat(wrong).as("seed " + seed).isEmpty();

      JsonObject check = api.post("/api/jobs", new JsonObject().put("type", "check")).bodyAsJsonObject();
      assertThat(api.ended(check.getString("id")).getString("state")).isEqualTo("succeeded");
      JsonObject listed = api.await("/api/snapshots", s -> true, Duration.ofSeconds(30));
      assertThat(listed.getJsonArray("snapshots")).hasSize(1);
    }
  }

  /** What is wrong with the answer to a bad request, or null if it is a proper 4xx JSON error. */
  private static String problem(Response response) {
    if (response.status() < 400 || response.status() > 499) {
      return "not a 4xx";
    }
    if (!String.valueOf(response.headers().get("content-type")).startsWith("application/json")) {
      return "not JSON";
    }
    try {
      JsonObject error = new JsonObject(response.body()).getJsonObject("error");
      boolean complete = error.getInteger("status") == response.status()
          && error.getString("code").matches("[a-z_]+") && !error.getString("message").isBlank();
      return complete ? null : "an incomplete error";
    } catch (RuntimeException e) {
      return "no error object: " + e;
    }
  }

  private List<Function<Random, Request>> kinds() {
    List<Function<Random, Request>> kinds = new ArrayList<>();
    kinds.add(r -> postJobs(malformedJson(r)));
    kinds.add(r -> postJobs(wrongTypes(r)));
    kinds.add(r -> postJobs(huge(r)));
    kinds.add(r -> postJobs(nested(r)));
    kinds.add(r -> new Request("POST", "/api/jobs", Map.of("Content-Type", pick(r, "text/plain",
        "application/xml", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded", "image/png")),
        bytes("{\"type\": \"check\"}")));
    kinds.add(r -> get(pick(r, "/api/jobs/", "/api/jobs/%s/events", "/api/snapshots/", "/api/snapshots/%s/tree",
        "/api/snapshots/%s/diff/latest", "/api/snapshots/latest/diff/").replace("%s", junkId(r)) + junkId(r)));
    kinds.add(r -> new Request("DELETE", "/api/jobs/" + junkId(r), Map.of(), new byte[0]));
    kinds.add(r -> get(traversal(r)));
    kinds.add(r -> get("/api/snapshots/latest/tree?path=" + pick(r, "..", "/..", "/sub/../..", "%2e%2e",
        "/%2e%2e/%2e%2e/etc", "/sub/%2e%2e%2f%2e%2e", "relative/path", "/no/such/entry", "/a.txt/below", "%00",
        "/sub%00", "/%ff%fe")));
    kinds.add(r -> get("/api/snapshots/latest/tree?" + pick(r, "offset", "limit") + "=" + pick(r, "-1", "abc",
        "1e9", "99999999999", "", "%00", "0x10", "1.5", "%2e%2e", "%") + (r.nextBoolean() ? "&path=/" : "")));
    kinds.add(r -> get("/api/snapshots/latest/tree?limit=" + pick(r, "0", "10001", "2147483648")));
    kinds.add(r -> get("/api/" + "a".repeat(5_000 + r.nextInt(20_000))));
    kinds.add(r -> new Request("GET", "/api/jobs", Map.of("X-Padding", "p".repeat(9_000 + r.nextInt(9_000))),
        new byte[0]));
    kinds.add(r -> new Request(pick(r, "PUT", "PATCH", "DELETE", "POST", "OPTIONS", "TRACE", "BREW"),
        pick(r, "/api/jobs", "/api/snapshots", "/api/snapshots/latest", "/api/repository", "/health/live",
            "/api/openapi.json", "/metrics"), Map.of(), new byte[0]));
    kinds.add(r -> get(pick(r, "/api/%zz", "/api/jobs/%", "/api/snapshots/%c0%ae%c0%ae", "/api/jobs/%00",
        "/api/snapshots/latest/tree?path=%", "/api/snapshots/latest/tree?path=/%e2%82")));
    return kinds;
  }

  private static Request postJobs(byte[] body) {
    return new Request("POST", "/api/jobs", Map.of("Content-Type", "application/json"), body);
  }

  private static Request get(String target) {
    return new Request("GET", target, Map.of(), new byte[0]);
  }

  private byte[] malformedJson(Random r) {
    byte[] valid = bytes("{\"type\": \"restore\", \"snapshot\": \"latest\", \"target\": \"" + work.resolve("t") + "\"}");
    int cut = r.nextInt(valid.length - 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(valid, 0, cut);
    for (int i = r.nextInt(8); i > 0; i--) {
      out.write(r.nextInt(256));
    }
    return out.toByteArray();
  }

  private byte[] wrongTypes(Random r) {
    Object[] junk = {7, -1, 3.5, true, false, "", " ", "yes", new JsonArray(), new JsonArray().add(1).add(null),
        new JsonObject(), new JsonObject().put("a", 1), "relative/path", "/\u0000nul", "/nowhere/../../missing-"
        + r.nextInt(1_000_000), "\ud800", "latest/../..", "0".repeat(70)};
    JsonObject body = new JsonObject().put("type", pick(r, "backup", "restore", "check", "BACKUP", "", "backup\u0000"));
    for (String field : List.of("paths", "force", "snapshot", "target", "include", "readData")) {
      if (r.nextInt(3) > 0) {
        Object value = junk[r.nextInt(junk.length)];
        body.put(field, field.equals("paths") && r.nextBoolean() ? new JsonArray().add(value) : value);
      }
    }
    // A field that is right on its own must not rescue a request that is wrong elsewhere.
    if ("check".equals(body.getString("type")) && !(body.getValue("readData") instanceof Boolean)) {
      body.put("readData", "maybe");
    }
    return bytes(body.encode());
  }

  private static byte[] huge(Random r) {
    int size = (int) GatewayVerticle.MAX_BODY_BYTES;
    return bytes("{\"type\": \"check\", \"pad\": \"" + "x".repeat(size + 1 + r.nextInt(4 * size)) + "\"}");
  }

  private static byte[] nested(Random r) {
    int depth = 2_000 + r.nextInt(20_000);
    String open = r.nextBoolean() ? "[" : "{\"a\":";
    return bytes("{\"type\": " + open.repeat(depth));
  }

  private static String traversal(Random r) {
    return pick(r, "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd",
        "/webjars/../../../etc/passwd", "/webjars/%2e%2e/%2e%2e/etc/passwd", "/webjars/..%2f..%2f..%2fetc%2fpasswd",
        "/api/jobs/..%2f..%2f", "/api/snapshots/%2e%2e/tree", "/api/snapshots/..%2f/diff/..", "/%2e%2e%2f%2e%2e%2f",
        "/static/%252e%252e/%252e%252e/etc/passwd", "/api/../../etc/passwd", "/.%2e/.%2e/etc/passwd",
        "/%5c..%5c..%5cetc%5cpasswd", "/..;/..;/etc/passwd", "//etc/passwd/", "/%2fetc%2fpasswd");
  }

  private static String junkId(Random r) {
    String[] parts = {"no-such-job", "00000000-0000-0000-0000-000000000000", "..", "%2e%2e", "%2f", "%00",
        "deadbeef", "0".repeat(64), "f".repeat(65), "x".repeat(1 + r.nextInt(2_000)), "%25", "%ff", "a b".replace(" ",
        "%20"), "%0d%0aX-Evil:%201"};
    return parts[r.nextInt(parts.length)];
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... choices) {
    return choices[r.nextInt(choices.length)];
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Sends one request on a fresh connection and reads the whole answer. */
  /** Sends {@code request} with {@code token}, so that it is judged past the credential check. */
  private static Response send(int port, String token, Request request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(60_000);
      StringBuilder head = new StringBuilder(request.method() + " " + request.target() + " HTTP/1.1\r\n")
          .append("Host: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer " + token + "\r\n");
      request.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      if (request.body().length > 0 || request.method().equals("POST")) {
        head.append("Content-Length: ").append(request.body().length).append("\r\n");
      }
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      try {
        out.write(request.body());
        out.flush();
      } catch (IOException refusedEarly) {
        // A server may answer (413) and close before it has read a large body; the answer counts.
      }
      return parse(socket.getInputStream().readAllBytes());
    }
  }

  private static Response parse(byte[] raw) {
    String text = new String(raw, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    assertThat(end).as("a complete HTTP answer: " + text).isPositive();
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = dechunk(body);
    }
    return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
  }

  private static byte[] dechunk(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (true) {
      int lineEnd = indexOf(body, at);
      int size = Integer.parseInt(new String(body, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
      if (size == 0) {
        return out.toByteArray();
      }
      out.write(body, lineEnd + 2, size);
      at = lineEnd + 2 + size + 2;
    }
  }

  private static int indexOf(byte[] body, int from) {
    for (int i = from; i + 1 < body.length; i++) {
      if (body[i] == '\r' && body[i + 1] == '\n') {
        return i;
      }
    }
    throw new AssertionError("a chunk without its line end");
  }
}
