package dev.cairn.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.common.posix.Accounts;
import dev.cairn.gateway.CairnCommand;
import dev.cairn.gateway.CairnServer;
import dev.cairn.gateway.auth.AccessRole;
import dev.cairn.gateway.auth.CredentialsFile;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may call a real gateway: without a credential nothing but the health probes and the page
 * answers; tokens and users made with the real command line are honoured by the running server
 * at once, and each role may do only what it may.
 */
@DisplayName("The gateway's credentials")
class AuthenticationTest {
  /** A local user other than root, who made a directory or planted a file before the gateway used it. */
  private static final int STRANGER = 4242;
  @TempDir Path work;
  private Served api;
  private Path source;

  @BeforeEach
  void serve() throws IOException {
    source = Files.createDirectories(work.resolve("src"));
    Files.writeString(source.resolve("a.txt"), "alpha");
    api = new Served(work.resolve("repo"));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  /** What one run of the real command line printed, and how it exited. */
  private record Run(int exitCode, String out, String err) {}

  private Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CairnCommand.execute(args, java.util.Map.of(), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(code, out.toString(), err.toString());
  }

  /** A token made by {@code cairn token create}. */
  private String cliToken(String role) {
    Run made = cli("token", "create", "--role", role, "--name", role + "-script", "--state-dir", api.stateDir.toString());
    assertThat(made.exitCode()).as(made.err()).isZero();
    return made.out().trim();
  }

  private HttpResponse<Buffer> send(HttpRequest<Buffer> request, JsonObject body) {
    return Served.await(body == null ? request.send() : request.sendJsonObject(body));
  }

  private HttpResponse<Buffer> as(String token, HttpMethod method, String uri, JsonObject body) {
    return send(api.web.request(method, uri).putHeader("Authorization", "Bearer " + token)
        .putHeader("Content-Type", "application/json"), body);
  }

  private JsonObject backup() {
    return new JsonObject().put("type", "backup").put("paths", new JsonArray().add(source.toString()));
  }

  private static void assertRefused(HttpResponse<Buffer> r, int status, String what) {
    assertThat(r.statusCode()).as(what + ": " + r.bodyAsString()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).as(what).startsWith("application/json");
    assertThat(r.bodyAsJsonObject().getJsonObject("error").getInteger("status")).isEqualTo(status);
    if (status == 401) {
      assertThat(r.getHeader("WWW-Authenticate")).as(what).startsWith("Bearer");
    }
  }

  @Test
  @DisplayName("answers every route of its router with 401 without a credential or with a wrong one, "
      + "but the health probes and sign-in")
  void everyRouteNeedsACredential() {
    List<String> checked = new ArrayList<>();
    for (Route route : api.server.gateway().router().getRoutes()) {
      String path = route.getPath();
      if (path == null || route.methods() == null || path.endsWith("/")) {
        continue; // prefix routes: the page's static files, and handlers every request passes
      }
      String uri = path.replaceAll(":[a-zA-Z]+", "x");
      for (HttpMethod method : route.methods()) {
        String what = method + " " + uri;
        // JSON, as a script sends it: what refuses it must be the missing credential, not the guards.
        HttpResponse<Buffer> bare = send(api.web.request(method, uri).putHeader("Content-Type", "application/json"), null);
        HttpResponse<Buffer> wrong = as("cairn_0123456789ab_not-the-secret", method, uri, null);
        if (path.startsWith("/health/")) {
          assertThat(bare.statusCode()).as(what).isEqualTo(200);
        } else if (path.equals("/api/login")) {
          assertThat(bare.statusCode()).as(what + " with no name and password").isEqualTo(400);
        } else {
          assertRefused(bare, 401, what);
          assertRefused(wrong, 401, what + " with a wrong token");
          checked.add(what);
        }
      }
    }
    assertThat(checked).contains("POST /api/jobs", "GET /api/jobs", "DELETE /api/jobs/x", "GET /api/snapshots",
        "GET /api/repository", "GET /metrics", "GET /api/jobs/x/events", "GET /api/openapi.json");
    assertThat(send(api.web.request(HttpMethod.GET, "/"), null).statusCode()).as("the page").isEqualTo(200);
    assertThat(send(api.web.request(HttpMethod.GET, "/api/nothing"), null).statusCode()).isEqualTo(401);
  }

  @Test
  @DisplayName("lets a viewer read but not back up, an operator back up but not forget or prune, an admin do all")
  void rolesGateJobs() {
    String viewer = cliToken("viewer");
    String operator = cliToken("operator");
    String admin = cliToken("admin");
    assertThat(as(viewer, HttpMethod.GET, "/api/jobs", null).statusCode()).isEqualTo(200);
    assertThat(as(viewer, HttpMethod.GET, "/metrics", null).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> refused = as(viewer, HttpMethod.POST, "/api/jobs", backup());
    assertRefused(refused, 403, "a viewer's backup");
    assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("operator role");
    assertThat(api.get("/api/jobs").bodyAsJsonObject().getJsonArray("jobs")).isEmpty();

    HttpResponse<Buffer> started = as(operator, HttpMethod.POST, "/api/jobs", backup());
    assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(202);
    assertThat(api.ended(started.bodyAsJsonObject().getString("id")).getString("state")).isEqualTo("succeeded");
    assertRefused(as(viewer, HttpMethod.DELETE, "/api/jobs/" + started.bodyAsJsonObject().getString("id"), null),
        403, "a viewer's cancel");

    JsonObject forget = new JsonObject().put("type", "forget").put("keepLast", 1);
    JsonObject prune = new JsonObject().put("type", "prune");
    for (JsonObject upkeep : List.of(forget, prune)) {
      HttpResponse<Buffer> no = as(operator, HttpMethod.POST, "/api/jobs", upkeep);
      assertRefused(no, 403, "an operator's " + upkeep.getString("type"));
      assertThat(no.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("admin role");
      HttpResponse<Buffer> yes = as(admin, HttpMethod.POST, "/api/jobs", upkeep);
      assertThat(yes.statusCode()).as(yes.bodyAsString()).isEqualTo(202);
      assertThat(api.ended(yes.bodyAsJsonObject().getString("id")).getString("state")).isEqualTo("succeeded");
    }
  }

  @Test
  @DisplayName("refuses a token revoked with the command line while the server runs, and lists tokens without secrets")
  void revokedTokenIsRefusedAtOnce() throws IOException {
    String token = cliToken("operator");
    assertThat(as(token, HttpMethod.GET, "/api/jobs", null).statusCode()).isEqualTo(200);
    String id = token.split("_")[1];
    Run list = cli("token", "list", "--state-dir", api.stateDir.toString());
    assertThat(list.exitCode()).isZero();
    assertThat(list.out()).contains(id).contains("operator").contains("operator-script")
        .doesNotContain(token).doesNotContain(secretOf(token));

    Run revoked = cli("token", "revoke", id, "--state-dir", api.stateDir.toString());
    assertThat(revoked.exitCode()).as(revoked.err()).isZero();
    assertRefused(as(token, HttpMethod.GET, "/api/jobs", null), 401, "a revoked token");
    assertThat(cli("token", "list", "--state-dir", api.stateDir.toString()).out()).doesNotContain(id);
    Run again = cli("token", "revoke", id, "--state-dir", api.stateDir.toString());
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains("no token " + id).doesNotContain("Exception");

    String credentials = Files.readString(api.stateDir.resolve(CredentialsFile.FILE));
    assertThat(credentials).doesNotContain(api.token).doesNotContain(secretOf(api.token));
  }

  @Test
  @DisplayName("writes at first start an admin token readable by its user only, which works; not again once credentials exist")
  void firstStartWritesAnAdminToken() throws IOException {
    Path file = api.server.firstAdminToken();
    assertThat(file).isEqualTo(api.stateDir.resolve("admin-token"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(api.stateDir))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(api.stateDir.resolve(CredentialsFile.FILE))))
        .isEqualTo("rw-------");
    String token = Files.readString(file).trim();
    HttpResponse<Buffer> prune = as(token, HttpMethod.POST, "/api/jobs", new JsonObject().put("type", "prune").put("dryRun", true));
    assertThat(prune.statusCode()).as(prune.bodyAsString()).isEqualTo(202);
    String credentials = Files.readString(api.stateDir.resolve(CredentialsFile.FILE));
    assertThat(credentials).doesNotContain(token).doesNotContain(secretOf(token));

    api.close();
    Files.delete(file);
    api = new Served(work.resolve("repo"));
    assertThat(api.server.firstAdminToken()).as("a second start, with credentials").isNull();
    assertThat(file).doesNotExist();
    assertThat(as(token, HttpMethod.GET, "/api/jobs", null).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("signs a user in with the right password only; the cookie reads, but changes need the CSRF token")
  void signInWithCookieAndCsrf() throws IOException {
    Path password = Files.writeString(work.resolve("password"), "correct horse battery\n");
    Run added = cli("user", "add", "ada", "--role", "operator", "--password-file", password.toString(),
        "--state-dir", api.stateDir.toString());
    assertThat(added.exitCode()).as(added.err()).isZero();
    assertThat(cli("user", "list", "--state-dir", api.stateDir.toString()).out()).contains("ada").contains("operator");
    assertThat(Files.readString(api.stateDir.resolve(CredentialsFile.FILE))).doesNotContain("correct horse");

    HttpResponse<Buffer> wrong = login("ada", "wrong horse battery");
    assertRefused(wrong, 401, "a wrong password");
    assertThat(wrong.cookies()).isEmpty();
    HttpResponse<Buffer> right = login("ada", "correct horse battery");
    assertThat(right.statusCode()).as(right.bodyAsString()).isEqualTo(200);
    String setCookie = right.getHeader("Set-Cookie");
    assertThat(setCookie).startsWith(Sessions.COOKIE + "=").containsIgnoringCase("; HttpOnly").containsIgnoringCase("; SameSite=Strict")
        .doesNotContainIgnoringCase("Secure");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    String csrf = right.bodyAsJsonObject().getString("csrfToken");
    assertThat(csrf).isNotBlank();

    assertThat(Served.await(withCookie(HttpMethod.GET, "/api/jobs", cookie).send()).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> forged = Served.await(withCookie(HttpMethod.POST, "/api/jobs", cookie)
        .sendJsonObject(backup()));
    assertRefused(forged, 403, "a change with the cookie and no CSRF token");
    HttpResponse<Buffer> form = Served.await(withCookie(HttpMethod.POST, "/api/jobs", cookie)
        .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(Buffer.buffer("type=backup")));
    assertRefused(form, 403, "a cross-site form post");
    assertThat(api.get("/api/jobs").bodyAsJsonObject().getJsonArray("jobs")).isEmpty();

    HttpResponse<Buffer> started = Served.await(withCookie(HttpMethod.POST, "/api/jobs", cookie)
        .putHeader(Authenticator.CSRF_HEADER, csrf).sendJsonObject(backup()));
    assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(202);
    api.ended(started.bodyAsJsonObject().getString("id"));

    assertThat(Served.await(withCookie(HttpMethod.POST, "/api/logout", cookie).putHeader(Authenticator.CSRF_HEADER, csrf)
        .putHeader("Content-Type", "application/json").send()).statusCode()).isEqualTo(204);
    assertRefused(Served.await(withCookie(HttpMethod.GET, "/api/jobs", cookie).send()), 401, "after sign-out");

    HttpResponse<Buffer> again = login("ada", "correct horse battery");
    String second = again.getHeader("Set-Cookie").substring(0, again.getHeader("Set-Cookie").indexOf(';'));
    assertThat(cli("user", "remove", "ada", "--state-dir", api.stateDir.toString()).exitCode()).isZero();
    assertRefused(Served.await(withCookie(HttpMethod.GET, "/api/jobs", second).send()), 401, "a removed user's session");
  }

  @Test
  @DisplayName("refuses further sign-ins for a name after five wrong passwords, even with the right one")
  void throttlesFailedSignIns() throws IOException {
    new CredentialsFile(api.stateDir).addUser("bob", AccessRole.VIEWER, "the right password".toCharArray());
    for (int i = 0; i < 5; i++) {
      assertRefused(login("bob", "guess " + i), 401, "guess " + i);
    }
    HttpResponse<Buffer> locked = login("bob", "the right password");
    assertRefused(locked, 429, "a sign-in after five failures");
    assertThat(locked.getHeader("Retry-After")).matches("\\d+");
  }

  @Test
  @DisplayName("with --metrics-token-file, serves /metrics to that token only")
  void metricsToken() throws IOException {
    api.close();
    Path tokenFile = Files.writeString(work.resolve("metrics-token"), "scrape-secret-0123456789\n");
    Path state = work.resolve("metrics-state");
    GatewaySecurity security = new GatewaySecurity(state, List.of(), List.of(), null, null, false, false, tokenFile);
    api = new Served(CairnServer.start(work.resolve("repo"), "127.0.0.1", 0, security));
    assertRefused(api.get("/metrics"), 401, "an admin token on /metrics");
    assertRefused(send(api.web.request(HttpMethod.GET, "/metrics"), null), 401, "no token on /metrics");
    HttpResponse<Buffer> scraped = as("scrape-secret-0123456789", HttpMethod.GET, "/metrics", null);
    assertThat(scraped.statusCode()).isEqualTo(200);
    assertThat(scraped.bodyAsString()).contains("jvm_memory_used_bytes");
    assertRefused(as("scrape-secret-0123456789", HttpMethod.GET, "/api/jobs", null), 401, "the metrics token elsewhere");
  }

  @Test
  @DisplayName("answers a wrong role, a missing password or an unknown user with one line and a non-zero exit")
  void credentialCommandsSayWhatIsWrong() throws IOException {
    String state = api.stateDir.toString();
    Run role = cli("token", "create", "--role", "boss", "--state-dir", state);
    assertThat(role.exitCode()).isEqualTo(2);
    assertThat(role.err()).contains("unknown role \"boss\": roles are viewer, operator, admin").doesNotContain("Exception");
    Run noTerminal = cli("user", "add", "eve", "--role", "viewer", "--state-dir", state);
    assertThat(noTerminal.exitCode()).isEqualTo(1);
    assertThat(noTerminal.err().strip()).isEqualTo("cairn: no terminal to ask the password on: give --password-file FILE");
    Path shortPassword = Files.writeString(work.resolve("short"), "abc\n");
    Run tooShort = cli("user", "add", "eve", "--role", "viewer", "--password-file", shortPassword.toString(), "--state-dir", state);
    assertThat(tooShort.exitCode()).isEqualTo(1);
    assertThat(tooShort.err()).contains("too short");
    Run unknown = cli("user", "remove", "nobody", "--state-dir", state);
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err().strip()).isEqualTo("cairn: no user nobody (cairn user list shows them)");
    assertThat(cli("user", "list", "--state-dir", state).out()).doesNotContain("eve");
  }

  @Test
  @DisplayName("refuses to serve from, or make tokens in, a state directory another user made or a link")
  void refusesAStateDirectoryOfAnotherUser() throws IOException {
    assumeTrue(Accounts.euid() == 0, "handing a directory to another user needs root");
    Path planted = Files.createDirectories(work.resolve("st"));
    Files.setPosixFilePermissions(planted, PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.setAttribute(planted, "unix:uid", STRANGER);
    Run serve = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> cli("serve", "--repo",
        work.resolve("repo2").toString(), "--port", "0", "--state-dir", planted.toString()));
    assertThat(serve.exitCode()).as(serve.err()).isNotZero();
    assertThat(serve.err().strip()).startsWith("cairn: the state directory " + planted + " is owned by uid " + STRANGER)
        .doesNotContain("Exception").hasLineCount(1);
    assertThat(planted.resolve(CredentialsFile.FILE)).doesNotExist();
    Run token = cli("token", "create", "--role", "admin", "--state-dir", planted.toString());
    assertThat(token.exitCode()).isEqualTo(1);
    assertThat(token.err()).contains("owned by uid " + STRANGER).doesNotContain("Exception");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(planted))).isEqualTo("rwxrwxrwx");

    Path link = Files.createSymbolicLink(work.resolve("link"), api.stateDir);
    Run linked = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> cli("serve", "--repo",
        work.resolve("repo2").toString(), "--port", "0", "--state-dir", link.toString()));
    assertThat(linked.exitCode()).isNotZero();
    assertThat(linked.err().strip()).isEqualTo("cairn: the state directory " + link + " is a symbolic link; give the real directory");
  }

  @Test
  @DisplayName("keeps its credentials when credentials.json is replaced by another user's file or a link while it runs")
  void refusesCredentialsOfAnotherUser() throws IOException {
    assumeTrue(Accounts.euid() == 0, "handing a file to another user needs root");
    assertThat(as(api.token, HttpMethod.GET, "/api/jobs", null).statusCode()).isEqualTo(200);
    // The stranger's own credentials, holding an admin token she knows.
    Path forge = work.resolve("forge");
    String hers = new CredentialsFile(forge).createToken(AccessRole.ADMIN, "mallory").text();
    Path credentials = api.stateDir.resolve(CredentialsFile.FILE);

    Path planted = api.stateDir.resolve(".planted");
    Files.copy(forge.resolve(CredentialsFile.FILE), planted);
    Files.setAttribute(planted, "unix:uid", STRANGER);
    Files.move(planted, credentials, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    assertRefused(as(hers, HttpMethod.GET, "/api/jobs", null), 401, "a token from another user's file");
    assertThat(as(api.token, HttpMethod.GET, "/api/jobs", null).statusCode()).isEqualTo(200);

    Files.delete(credentials);
    Files.createSymbolicLink(credentials, forge.resolve(CredentialsFile.FILE));
    assertRefused(as(hers, HttpMethod.GET, "/api/jobs", null), 401, "a token from a linked file");
    assertThat(as(api.token, HttpMethod.GET, "/api/jobs", null).statusCode()).isEqualTo(200);
    Run made = cli("token", "create", "--role", "admin", "--state-dir", api.stateDir.toString());
    assertThat(made.exitCode()).isEqualTo(1);
    assertThat(made.err().strip()).isEqualTo("cairn: " + credentials + " is a symbolic link, not a file of the gateway's own");
  }

  /** The secret part of a token, {@code cairn_<id>_<secret>}, whose secret may hold {@code _} too. */
  private static String secretOf(String token) {
    return token.substring(token.indexOf('_', "cairn_".length()) + 1);
  }

  private HttpResponse<Buffer> login(String name, String password) {
    return Served.await(api.web.post("/api/login").sendJsonObject(new JsonObject().put("name", name).put("password", password)));
  }

  private HttpRequest<Buffer> withCookie(HttpMethod method, String uri, String cookie) {
    return api.web.request(method, uri).putHeader("Cookie", cookie);
  }
}
