package dev.cairn.gateway.http;

import dev.cairn.common.ChunkerParams;
import dev.cairn.store.RepositorySetup;
import dev.cairn.gateway.CairnServer;
import dev.cairn.gateway.auth.AccessRole;
import dev.cairn.gateway.auth.CredentialsFile;
import dev.cairn.gateway.Role;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Served is a real {@code cairn serve} in this JVM, on a free port, and a web client that talks to
 * it as a script would, with an admin token made in the gateway's state directory. Calls block
 * the test thread, never an event loop.
 */
final class Served implements AutoCloseable {
  final CairnServer server;
  final Vertx client = Vertx.vertx();
  final WebClient web;
  /** The gateway's state directory, where its credentials are. */
  final Path stateDir;
  /** An admin's bearer token, sent with every call. */
  final String token;

  Served(Path repository) {
    this(repository, GatewayLimits.DEFAULT);
  }

  /**
   * A server on {@code repository} with {@code limits}, whose API jobs may back up and restore
   * under the repository's parent, the test's own directory.
   */
  Served(Path repository, GatewayLimits limits) {
    this(repository, security(repository), limits);
  }

  /** A server on {@code repository} with {@code security} and {@code limits}. */
  Served(Path repository, GatewaySecurity security, GatewayLimits limits) {
    this(CairnServer.start(Role.all(), repository, RepositorySetup.plainText(true, ChunkerParams.defaults()), null,
        "127.0.0.1", 0, security, limits));
  }

  /** State beside the repository; API jobs allowed under the repository's parent. */
  static GatewaySecurity security(Path repository) {
    return new GatewaySecurity(repository.resolveSibling("gateway-state"), List.of(),
        List.of(repository.toAbsolutePath().getParent()), null, null, false, false, null);
  }

  /** A client of {@code server}, which it closes with itself. */
  Served(CairnServer server) {
    this.server = server;
    stateDir = server.gateway().options().security().stateDir();
    token = createToken(AccessRole.ADMIN, "tests");
    web = WebClient.create(client, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(server.port()));
  }

  int port() {
    return server.port();
  }

  /** Makes a token with {@code role} through the gateway's credentials file, as {@code cairn token create} does. */
  String createToken(AccessRole role, String name) {
    try {
      return new CredentialsFile(stateDir).createToken(role, name).text();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A request to {@code uri} that carries the admin token. */
  HttpRequest<Buffer> request(HttpMethod method, String uri) {
    return web.request(method, uri).putHeader("Authorization", "Bearer " + token);
  }

  HttpResponse<Buffer> call(HttpMethod method, String uri) {
    return await(request(method, uri).send());
  }

  /** Sends {@code body} as JSON, as a script does, whatever it holds. */
  HttpResponse<Buffer> call(HttpMethod method, String uri, Buffer body) {
    return await(request(method, uri).putHeader("Content-Type", "application/json").sendBuffer(body));
  }

  HttpResponse<Buffer> get(String uri) {
    return call(HttpMethod.GET, uri);
  }

  HttpResponse<Buffer> post(String uri, JsonObject body) {
    return await(request(HttpMethod.POST, uri).sendJsonObject(body));
  }

  /** Asks for {@code uri} until its JSON satisfies {@code done}; fails after {@code timeout}. */
  JsonObject await(String uri, Predicate<JsonObject> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonObject last = null;
    while (System.nanoTime() < deadline) {
      last = get(uri).bodyAsJsonObject();
      if (done.test(last)) {
        return last;
      }
      await(client.timer(50));
    }
    throw new AssertionError("not reached in " + timeout + ": " + last);
  }

  /** Waits for job {@code id} to end and returns it. */
  JsonObject ended(String id) {
    return await("/api/jobs/" + id, job -> job.getString("state").matches("succeeded|failed|cancelled"),
        Duration.ofSeconds(60));
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } finally {
      await(client.close());
    }
  }
}
