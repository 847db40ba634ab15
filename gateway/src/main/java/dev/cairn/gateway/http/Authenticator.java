package dev.cairn.gateway.http;

import dev.cairn.gateway.auth.AccessRole;
import dev.cairn.gateway.auth.Caller;
import dev.cairn.gateway.auth.CredentialsFile;
import dev.cairn.gateway.auth.Secrets;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.impl.UserContextInternal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Authenticator lets a request past only with a credential: an API token in {@code Authorization:
 * Bearer}, or the page's session cookie, which for any change must come with the session's CSRF
 * token in {@link #CSRF_HEADER}. It puts the caller in {@code ctx.user()}, a principal with
 * {@code name} and {@code role}. Only the health probes, the sign-in route and the page's own
 * files are open to all: every other path, including one added later, is closed by default.
 */
final class Authenticator implements Handler<RoutingContext> {
  static final String CSRF_HEADER = "X-CSRF-Token";

  private final Vertx vertx;
  private final CredentialsFile credentials;
  private final Sessions sessions;
  private final Path metricsTokenFile;

  Authenticator(Vertx vertx, CredentialsFile credentials, Sessions sessions, Path metricsTokenFile) {
    this.vertx = vertx;
    this.credentials = credentials;
    this.sessions = sessions;
    this.metricsTokenFile = metricsTokenFile;
  }

  /** Whether anyone may ask for {@code path}: health probes, sign-in, and the page's static files. */
  static boolean isPublic(HttpMethod method, String path) {
    if (path.startsWith("/health/") || path.equals("/api/login")) {
      return true;
    }
    boolean read = method == HttpMethod.GET || method == HttpMethod.HEAD;
    return read && !path.equals("/api") && !path.startsWith("/api/") && !path.equals("/metrics")
        && !path.startsWith("/metrics/");
  }

  @Override
  public void handle(RoutingContext ctx) {
    String path = ctx.normalizedPath();
    if (isPublic(ctx.request().method(), path)) {
      ctx.next();
      return;
    }
    String bearer = bearer(ctx);
    Future<Caller> caller;
    if (metricsTokenFile != null && (path.equals("/metrics") || path.startsWith("/metrics/"))) {
      caller = metricsCaller(bearer);
    } else if (bearer != null) {
      caller = vertx.executeBlocking(() -> credentials.caller(bearer), false)
          .compose(found -> found.map(Future::succeededFuture).orElseGet(() -> Future.failedFuture(
              ApiError.unauthorized("the bearer token is not valid: revoked, mistyped or of another gateway"))));
    } else {
      caller = sessionCaller(ctx);
    }
    caller.onSuccess(c -> {
      ((UserContextInternal) ctx.userContext()).setUser(User.create(principal(c)));
      ctx.next();
    }).onFailure(ctx::fail);
  }

  private Future<Caller> metricsCaller(String bearer) {
    return vertx.executeBlocking(() -> Files.readString(metricsTokenFile).trim(), false).compose(expected -> {
      if (bearer == null || expected.isEmpty() || !Secrets.sameText(bearer, expected)) {
        return Future.failedFuture(ApiError.unauthorized("/metrics needs the token of --metrics-token-file"));
      }
      return Future.succeededFuture(new Caller("metrics", AccessRole.VIEWER, "metrics-token"));
    });
  }

  private Future<Caller> sessionCaller(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(Sessions.COOKIE);
    Sessions.Session session = cookie == null ? null : sessions.find(cookie.getValue());
    if (session == null) {
      return Future.failedFuture(ApiError.unauthorized(cookie == null
          ? "this needs a credential: send Authorization: Bearer TOKEN, or sign in on the page"
          : "the session has ended: sign in again"));
    }
    HttpMethod method = ctx.request().method();
    boolean changes = method != HttpMethod.GET && method != HttpMethod.HEAD && method != HttpMethod.OPTIONS;
    if (changes && !Secrets.sameText(ctx.request().getHeader(CSRF_HEADER), session.csrfToken())) {
      // A form another site posts carries the cookie but cannot read, so cannot send, the token.
      return Future.failedFuture(new ApiError(403, "csrf_token_missing",
          "a change made with the session cookie needs the session's " + CSRF_HEADER + " header"));
    }
    // The user's role is read at each request, so removing a user ends their sessions.
    return vertx.executeBlocking(() -> credentials.user(session.user()), false).compose(user -> {
      if (user.isEmpty()) {
        sessions.end(session.id());
        return Future.failedFuture(ApiError.unauthorized("the user " + session.user() + " no longer exists"));
      }
      return Future.succeededFuture(new Caller(user.get().name(), user.get().role(), "session"));
    });
  }

  private static String bearer(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || header.length() < 7 || !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return null;
    }
    return header.substring(7).trim();
  }

  static JsonObject principal(Caller c) {
    return new JsonObject().put("name", c.name()).put("role", c.role().wire()).put("kind", c.kind());
  }

  /** The caller {@link Authenticator} let in, or empty on a public route. */
  static Optional<Caller> caller(RoutingContext ctx) {
    User user = ctx.user();
    if (user == null) {
      return Optional.empty();
    }
    JsonObject p = user.principal();
    return Optional.of(new Caller(p.getString("name"), AccessRole.parse(p.getString("role")), p.getString("kind")));
  }

  /** A handler that passes on only callers holding {@code needed} or a higher role. */
  static Handler<RoutingContext> atLeast(AccessRole needed) {
    return ctx -> {
      require(ctx, needed);
      ctx.next();
    };
  }

  /** Fails with 403, naming the role, unless the caller holds {@code needed} or a higher role. */
  static Caller require(RoutingContext ctx, AccessRole needed) {
    Caller c = caller(ctx).orElseThrow(() -> ApiError.unauthorized("this needs a credential"));
    if (!c.role().covers(needed)) {
      throw new ApiError(403, "forbidden", "this needs the " + needed.wire() + " role; " + c.name() + " has the "
          + c.role().wire() + " role");
    }
    return c;
  }
}
