package dev.cairn.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.gateway.CairnCommand;
import dev.cairn.gateway.http.RawHttp.Answer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn serve} in a child JVM whose working directory holds what a restore could have put
 * there: a {@code webroot/} and a webjars folder with a secret and a fake page. Nothing of it may be
 * served, and no request may leave files in that directory.
 */
@DisplayName("serve, started in a directory an attacker filled")
class ServedFromWorkingDirectoryTest {
  private static final Pattern SERVING = Pattern.compile("at http://127\\.0\\.0\\.1:(\\d+)/");

  @TempDir Path work;

  @Test
  @DisplayName("serves the page only from its jar, never ./webroot, and 1,000 multipart posts leave no file-uploads")
  void servesOnlyTheJar() throws Exception {
    Path cwd = Files.createDirectories(work.resolve("cwd"));
    Files.createDirectories(cwd.resolve("webroot"));
    Files.writeString(cwd.resolve("webroot/secret.txt"), "root:$6$stolen-hash");
    Files.writeString(cwd.resolve("webroot/index.html"), "<title>planted</title>");
    Files.writeString(cwd.resolve("webroot/app.js"), "alert('planted')");
    Files.createDirectories(cwd.resolve("META-INF/resources/webjars"));
    Files.writeString(cwd.resolve("META-INF/resources/webjars/secret.txt"), "root:$6$stolen-hash");

    // serve opens only a repository that exists; plain text, so the child needs no password.
    java.io.StringWriter said = new java.io.StringWriter();
    assertThat(CairnCommand.execute(new String[] {"init", "--no-encryption", "--repo", work.resolve("repo").toString()},
        Map.of(), new java.io.PrintWriter(said), new java.io.PrintWriter(said))).as(said.toString()).isZero();
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens", "java.base/sun.nio.fs=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
        CairnCommand.class.getName(), "serve", "--repo", work.resolve("repo").toString(), "--port", "0",
        "--state-dir", work.resolve("state").toString());
    Process serve = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
    try {
      int port = port(serve);
      Map<String, String> host = Map.of("Host", "127.0.0.1:" + port);
      for (String planted : List.of("/secret.txt", "/webjars/secret.txt")) {
        Answer answer = RawHttp.send(port, "GET", planted, host, null);
        assertThat(answer.status()).as(planted).isEqualTo(404);
        assertThat(answer.body()).doesNotContain("stolen");
      }
      Answer page = RawHttp.send(port, "GET", "/", host, null);
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.body()).contains("<title>cairn</title>").doesNotContain("planted");
      assertThat(RawHttp.send(port, "GET", "/app.js", host, null).body()).doesNotContain("planted");

      String boundary = "cairnboundary";
      String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.bin\"\r\n"
          + "Content-Type: application/octet-stream\r\n\r\n" + "x".repeat(32 * 1024) + "\r\n--" + boundary + "--\r\n";
      for (int i = 0; i < 1_000; i++) {
        Answer answer = RawHttp.send(port, "POST", "/api/jobs", Map.of("Host", "127.0.0.1:" + port,
            "Content-Type", "multipart/form-data; boundary=" + boundary), multipart);
        assertThat(answer.status()).as("post " + i).isEqualTo(403);
      }
      try (var listed = Files.list(cwd)) {
        assertThat(listed.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("webroot", "META-INF");
      }
      assertThat(RawHttp.send(port, "GET", "/health/live", host, null).status()).isEqualTo(200);
    } finally {
      serve.destroy();
      assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as("serve stops on SIGTERM").isTrue();
    }
  }

  /** Reads serve's output until it says where it serves, and returns the port. */
  private static int port(Process serve) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      seen.add(line);
      Matcher m = SERVING.matcher(line);
      if (line.startsWith("cairn: serving") && m.find()) {
        Thread drain = new Thread(() -> {
          try {
            out.lines().forEach(l -> { });
          } catch (UncheckedIOException closed) {
            // serve has ended
          }
        }, "serve-output");
        drain.setDaemon(true);
        drain.start();
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("serve ended without serving: " + seen);
  }
}
