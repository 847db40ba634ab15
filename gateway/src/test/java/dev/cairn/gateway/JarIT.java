package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.RawPaths;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, run the way the README tells users to run it. */
@DisplayName("The cairn jar")
class JarIT {
  private static final Path JAR = Path.of("target/cairn.jar");

  @TempDir Path work;

  /** What a process printed and how it exited. */
  record Run(int exitCode, String out, String err) {}

  private static Run cairn(String... args) throws IOException, InterruptedException {
    return cairn(Map.of(), args);
  }

  private static Run cairn(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(TestPassword.CHEAP_KDF);
    command.addAll(List.of("-jar", JAR.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = TestPassword.given(new ProcessBuilder(command));
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    byte[] out = process.getInputStream().readAllBytes();
    byte[] err = process.getErrorStream().readAllBytes();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("backs up and restores a tree, names that are not UTF-8 included, in fresh processes")
  void backsUpAndRestores() throws Exception {
    Path source = Files.createDirectories(work.resolve("src/sub"));
    Files.write(RawPaths.resolve(source, SampleTree.NON_UTF8), new byte[] {1, 2, 3});
    Files.writeString(source.resolve("readme.txt"), "hello");
    Path repo = work.resolve("repo");

    Run backup = cairn("backup", "--init", "--repo", repo.toString(), work.resolve("src").toString());
    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    assertThat(backup.out().strip().lines().reduce((a, b) -> b).orElseThrow()).matches("snapshot [0-9a-f]{64}");
    assertThat(backup.err()).as("a clean backup logs nothing").doesNotContain("WARNING").doesNotContain("SEVERE");

    Path target = work.resolve("restored");
    Run restore = cairn("restore", "--repo", repo.toString(), "latest", "--target", target.toString());
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    assertThat(restore.err()).as("a clean restore logs nothing").doesNotContain("WARNING").doesNotContain("SEVERE");
    TreeComparison.assertSameTree(work.resolve("src"), target.resolve(work.resolve("src").toString().substring(1)));

    Run check = cairn(Map.of("CAIRN_REPO", repo.toString()), "check", "--read-data");
    assertThat(check.exitCode()).as(check.toString()).isZero();
    assertThat(check.out()).contains("checked 1 snapshots").contains("no problems found");
  }

  @Test
  @DisplayName("says how it reads file names, and fails on a non-repository with one line and exit 1")
  void versionAndFailure() throws Exception {
    Run version = cairn("--version");
    assertThat(version.exitCode()).isZero();
    assertThat(version.out()).contains("file names: byte-exact");

    Files.writeString(work.resolve("notes.txt"), "not a repository");
    Run bad = cairn("snapshots", "--repo", work.toString());
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.err().strip()).isEqualTo("cairn: " + work + " is not a cairn repository (it has no config file)");
  }

  @Test
  @DisplayName("serves until SIGTERM, then cancels the running backup and stops in bounded time, the repository sound")
  void servesUntilSigterm() throws Exception {
    Path source = SampleTree.random(work.resolve("src"), 12, 32, 1 << 20, 9);
    Path repo = work.resolve("repo");
    Run init = cairn("init", "--repo", repo.toString());
    assertThat(init.exitCode()).as(init.toString()).isZero();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(TestPassword.CHEAP_KDF);
    command.addAll(List.of("-jar", JAR.toString(), "serve", "--repo", repo.toString(), "--port", "0", "--state-dir",
        work.resolve("state").toString(), "--allow-path", work.toString()));
    Process serve = TestPassword.given(new ProcessBuilder(command))
        .redirectError(work.resolve("serve.err").toFile()).start();
    serve.getOutputStream().close();
    BufferedReader output = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
    String first = output.readLine();
    assertThat(first).as("first line of serve").matches("cairn: serving .* at http://127\\.0\\.0\\.1:\\d+/");
    String url = first.substring(first.indexOf("http://"));
    Path tokenFile = work.resolve("state").resolve("admin-token");
    String where = output.readLine();
    assertThat(where).as("second line of serve").contains(tokenFile.toString());
    String token = Files.readString(tokenFile).trim();
    assertThat(where).doesNotContain(token);

    HttpClient http = HttpClient.newHttpClient();
    String body = new JsonObject().put("type", "backup").put("paths", new JsonArray().add(source.toString())).encode();
    HttpResponse<String> started = http.send(HttpRequest.newBuilder(URI.create(url + "api/jobs"))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
    String id = new JsonObject(started.body()).getString("id");
    HttpResponse<Stream<String>> events = http.send(HttpRequest.newBuilder(URI.create(url + "api/jobs/" + id + "/events"))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofLines());
    try (Stream<String> lines = events.body()) {
      assertThat(lines.filter(l -> l.startsWith("data: ")).map(l -> new JsonObject(l.substring("data: ".length())))
          .filter(j -> j.getJsonObject("counters").getLong("filesDone") > 0).findFirst())
          .as("an event of the running backup").isPresent();
    }

    long stopping = System.nanoTime();
    serve.destroy(); // SIGTERM
    assertThat(serve.waitFor(60, TimeUnit.SECONDS)).as("serve stopped").isTrue();
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stopping)).isLessThan(45);
    String err = Files.readString(work.resolve("serve.err"));
    assertThat(err).contains("cairn: stopping").contains("cairn: stopped").doesNotContain("uncleanly");

    Run check = cairn("check", "--repo", repo.toString(), "--read-data");
    assertThat(check.exitCode()).as(check.toString()).isZero();
    Run snapshots = cairn("snapshots", "--repo", repo.toString(), "--json");
    assertThat(new JsonArray(snapshots.out())).as("the cancelled backup committed nothing").isEmpty();
  }

  @Test
  @DisplayName("refuses, in another process, a repository this process's store serves, naming it; works once it stops")
  void secondStoreInAnotherProcessIsRefused() throws Exception {
    Path repo = work.resolve("repo");
    try (CairnNode serving = CairnNode.open(repo, TestPassword.creating())) {
      Run refused = cairn("prune", "--repo", repo.toString(), "--dry-run");

      assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
      assertThat(refused.err()).contains("repository " + repo + " is in use by another cairn store (host ")
          .contains("pid " + ProcessHandle.current().pid() + ", since ").doesNotContain("Exception");
    }
    Run after = cairn("prune", "--repo", repo.toString(), "--dry-run");
    assertThat(after.exitCode()).as(after.toString()).isZero();
  }
}
