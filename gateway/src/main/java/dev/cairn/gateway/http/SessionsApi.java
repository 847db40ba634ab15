package dev.cairn.gateway.http;

import dev.cairn.gateway.auth.Caller;
import dev.cairn.gateway.auth.CredentialsFile;
import dev.cairn.gateway.auth.GatewayUser;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;

/**
 * SessionsApi signs users of the page in and out: {@code POST /api/login} checks a name and a
 * password and sets the session cookie (HttpOnly, SameSite=Strict, Secure under TLS), {@code GET
 * /api/session} says who is signed in and gives the page its CSRF token, {@code POST
 * /api/logout} ends the session.
 */
final class SessionsApi {
  private final Vertx vertx;
  private final CredentialsFile credentials;
  private final Sessions sessions;
  private final LoginThrottle throttle;
  private final boolean secureCookie;

  SessionsApi(Vertx vertx, CredentialsFile credentials, Sessions sessions, LoginThrottle throttle, boolean secureCookie) {
    this.vertx = vertx;
    this.credentials = credentials;
    this.sessions = sessions;
    this.throttle = throttle;
    this.secureCookie = secureCookie;
  }

  /** {@code POST /api/login} with {@code {"name", "password"}}: 200 with the session, 401, or 429. */
  void login(RoutingContext ctx) {
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      body = null;
    }
    if (body == null || !(body.getValue("name") instanceof String name) || !(body.getValue("password") instanceof String password)) {
      throw ApiError.badRequest("sign in with {\"name\": \"...\", \"password\": \"...\"}");
    }
    String byName = "name:" + name;
    String byAddress = "address:" + ctx.request().remoteAddress().hostAddress();
    Duration wait = max(throttle.wait(byName), throttle.wait(byAddress));
    if (!wait.isZero()) {
      long seconds = Math.max(1, wait.toSeconds());
      ctx.response().putHeader("Retry-After", String.valueOf(seconds));
      throw new ApiError(429, "too_many_attempts", "too many failed sign-ins: try again in " + seconds + " s");
    }
    vertx.executeBlocking(() -> credentials.signIn(name, password.toCharArray()), false).onSuccess(user -> {
      if (user.isEmpty()) {
        throttle.failed(byName);
        throttle.failed(byAddress);
        ctx.fail(ApiError.unauthorized("wrong name or password"));
        return;
      }
      throttle.succeeded(byName);
      throttle.succeeded(byAddress);
      GatewayUser u = user.get();
      Sessions.Session session = sessions.start(u.name());
      ctx.response().addCookie(Cookie.cookie(Sessions.COOKIE, session.id()).setPath("/").setHttpOnly(true)
          .setSameSite(CookieSameSite.STRICT).setSecure(secureCookie).setMaxAge(Sessions.LIFETIME.toSeconds()));
      Answers.json(ctx, 200, new JsonObject().put("name", u.name()).put("role", u.role().wire())
          .put("csrfToken", session.csrfToken()));
    }).onFailure(ctx::fail);
  }

  /** {@code GET /api/session}: who the caller is, and the CSRF token of their session. */
  void session(RoutingContext ctx) {
    Caller c = Authenticator.caller(ctx).orElseThrow();
    JsonObject answer = new JsonObject().put("name", c.name()).put("role", c.role().wire()).put("kind", c.kind());
    Optional.ofNullable(ctx.request().getCookie(Sessions.COOKIE)).map(cookie -> sessions.find(cookie.getValue()))
        .filter(s -> c.kind().equals("session")).ifPresent(s -> answer.put("csrfToken", s.csrfToken()));
    Answers.json(ctx, 200, answer);
  }

  /** {@code POST /api/logout}: 204; the session cookie no longer works. */
  void logout(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(Sessions.COOKIE);
    if (cookie != null) {
      sessions.end(cookie.getValue());
      ctx.response().addCookie(Cookie.cookie(Sessions.COOKIE, "").setPath("/").setHttpOnly(true)
          .setSameSite(CookieSameSite.STRICT).setSecure(secureCookie).setMaxAge(0));
    }
    ctx.response().setStatusCode(204).end();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
