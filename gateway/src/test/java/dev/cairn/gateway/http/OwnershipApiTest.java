package dev.cairn.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.common.RawPaths;
import dev.cairn.common.posix.Accounts;
import dev.cairn.common.posix.Ownership;
import io.vertx.core.json.JsonArray;
import dev.cairn.gateway.auth.AccessRole;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The API of a real {@code serve} run as root, on a user's set-uid program. */
@DisplayName("The gateway's API, on a user's set-uid program")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OwnershipApiTest {
  private Path work;
  private Served api;
  private Path program;
  private String snapshot;

  @BeforeAll
  void backUp(@TempDir Path dir) throws IOException {
    assumeTrue(Accounts.euid() == 0, "only root can give a file to another user");
    work = dir;
    Path home = Files.createDirectories(work.resolve("home"));
    program = Files.write(home.resolve("bash"), Files.readAllBytes(Path.of("/bin/sh")));
    Ownership.lchown(RawPaths.bytes(program), 1234, 1234);
    Files.setAttribute(program, "unix:mode", 04755, LinkOption.NOFOLLOW_LINKS);
    api = new Served(work.resolve("repo"));
    JsonObject job = api.post("/api/jobs", new JsonObject().put("type", "backup")
        .put("paths", new JsonArray().add(home.toString()))).bodyAsJsonObject();
    JsonObject done = api.ended(job.getString("id"));
    assertThat(done.getString("state")).as(done.encode()).isEqualTo("succeeded");
    snapshot = done.getString("snapshot");
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  private Path restore(String name, JsonObject options) {
    Path target = work.resolve(name);
    JsonObject job = api.post("/api/jobs", options.put("type", "restore").put("snapshot", snapshot)
        .put("target", target.toString())).bodyAsJsonObject();
    JsonObject done = api.ended(job.getString("id"));
    assertThat(done.getString("state")).as(done.encode()).isEqualTo("succeeded");
    return target.resolve(program.toString().substring(1));
  }

  private static int mode(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  private static int uid(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  @DisplayName("shows its mode with the set-uid bit, and its owner")
  void showsModeAndOwner() {
    JsonObject entry = api.get("/api/snapshots/" + snapshot + "/tree?path=" + program).bodyAsJsonObject()
        .getJsonObject("entry");

    assertThat(entry.getString("mode")).isEqualTo("-rwsr-xr-x");
    assertThat(entry.getString("user")).isEqualTo("1234");
    assertThat(entry.getString("group")).isEqualTo("1234");
    assertThat(entry.getLong("uid")).isEqualTo(1234);
  }

  @Test
  @DisplayName("restores it to its owner with its bit, and without the bit when setIdBits is false")
  void restoresWithOrWithoutSetId() throws IOException {
    Path kept = restore("kept", new JsonObject().put("numericOwner", true));
    Path stripped = restore("stripped", new JsonObject().put("setIdBits", false));

    assertThat(uid(kept)).isEqualTo(1234);
    assertThat(mode(kept)).isEqualTo(04755);
    assertThat(uid(stripped)).isEqualTo(1234);
    assertThat(mode(stripped)).isEqualTo(0755);
  }

  @Test
  @DisplayName("restores it without its bit for a caller below admin, and refuses such a caller who asks for set-id bits")
  void operatorGetsNoSetId() throws IOException {
    String operator = api.createToken(AccessRole.OPERATOR, "operator");
    Path target = work.resolve("by-operator");
    JsonObject request = new JsonObject().put("type", "restore").put("snapshot", snapshot)
        .put("target", target.toString());

    HttpResponse<Buffer> asked = Served.await(api.web.post("/api/jobs").putHeader("Authorization", "Bearer " + operator)
        .sendJsonObject(request.copy().put("setIdBits", true)));
    assertThat(asked.statusCode()).as(asked.bodyAsString()).isEqualTo(403);
    assertThat(asked.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("only an admin");

    HttpResponse<Buffer> started = Served.await(api.web.post("/api/jobs")
        .putHeader("Authorization", "Bearer " + operator).sendJsonObject(request));
    assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(202);
    JsonObject done = api.ended(started.bodyAsJsonObject().getString("id"));
    assertThat(done.getString("state")).as(done.encode()).isEqualTo("succeeded");
    Path restored = target.resolve(program.toString().substring(1));
    assertThat(uid(restored)).isEqualTo(1234);
    assertThat(mode(restored)).as("no set-uid bit from a restore an operator asked for").isEqualTo(0755);
  }

  @Test
  @DisplayName("refuses a target under a user's directory, lets only an admin trust it with trustTarget")
  void trustTargetIsForAdmins() throws IOException {
    Path hers = Files.createDirectories(work.resolve("hers"));
    Ownership.lchown(RawPaths.bytes(hers), 1234, 1234);
    Path target = hers.resolve("restore");
    JsonObject request = new JsonObject().put("type", "restore").put("snapshot", snapshot)
        .put("target", target.toString());
    String operator = api.createToken(AccessRole.OPERATOR, "trusting-operator");

    HttpResponse<Buffer> asked = Served.await(api.web.post("/api/jobs").putHeader("Authorization", "Bearer " + operator)
        .sendJsonObject(request.copy().put("trustTarget", true)));
    assertThat(asked.statusCode()).as(asked.bodyAsString()).isEqualTo(403);
    assertThat(asked.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("only an admin");

    JsonObject refused = api.ended(api.post("/api/jobs", request.copy()).bodyAsJsonObject().getString("id"));
    assertThat(refused.getString("state")).as(refused.encode()).isEqualTo("failed");
    assertThat(refused.encode()).contains(hers + " (owner uid 1234, mode 0755)");
    assertThat(target).doesNotExist();

    JsonObject trusted = api.ended(api.post("/api/jobs", request.copy().put("trustTarget", true))
        .bodyAsJsonObject().getString("id"));
    assertThat(trusted.getString("state")).as(trusted.encode()).isEqualTo("succeeded");
    assertThat(uid(target.resolve(program.toString().substring(1)))).isEqualTo(1234);
  }

  @Test
  @DisplayName("refuses setIdBits or numericOwner that are not true or false, naming the field")
  void refusesBadFlags() {
    for (String field : new String[] {"setIdBits", "numericOwner"}) {
      var response = api.post("/api/jobs", new JsonObject().put("type", "restore").put("snapshot", snapshot)
          .put("target", work.resolve("t").toString()).put(field, "no"));
      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message"))
          .isEqualTo("\"" + field + "\" must be true or false");
    }
  }
}
