package dev.cairn.gateway.http;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * MutationGuard refuses, with 403, a request that changes state (POST, PUT, PATCH, DELETE) unless
 * it says its body is {@code application/json} and, if a browser marks it as sent from a page,
 * that page is this server's.
 *
 * <p>That is the defence against cross-site request forgery. A page on another site may send a
 * POST without asking first only with a "simple" type (none, {@code text/plain}, a form); JSON
 * needs a preflight the gateway never approves. And every browser names the sending page in
 * {@code Origin} on a POST or DELETE, and in {@code Sec-Fetch-Site}: a page of another origin,
 * even another port of this host, is refused whatever it sends.
 */
final class MutationGuard {
  private static final Set<HttpMethod> CHANGING = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
      HttpMethod.DELETE);

  private final HostGuard hosts;
  private final boolean tls;

  MutationGuard(HostGuard hosts, boolean tls) {
    this.hosts = hosts;
    this.tls = tls;
  }

  /** Whether {@code method} changes state, so that it is guarded and audited. */
  static boolean changes(HttpMethod method) {
    return CHANGING.contains(method);
  }

  /** Passes a safe request, or a state change from this server's page or a script, on. */
  void check(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    if (!changes(request.method())) {
      ctx.next();
      return;
    }
    if (request.method() != HttpMethod.DELETE && !json(request.getHeader("Content-Type"))) {
      String type = request.getHeader("Content-Type");
      throw new ApiError(403, "not_json", "a " + request.method() + " must send Content-Type: application/json"
          + (type == null ? ", and this one sends none" : ", not " + type));
    }
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
      throw new ApiError(403, "cross_origin", "the browser says this request comes from a " + site.toLowerCase(Locale.ROOT)
          + " page; only this server's own page may change state");
    }
    String origin = request.getHeader("Origin");
    if (origin != null && !sameOrigin(origin, request.authority())) {
      throw new ApiError(403, "cross_origin", "the request comes from the page of " + origin
          + ", not this server's; only this server's own page may change state");
    }
    ctx.next();
  }

  static boolean json(String type) {
    return type != null && type.toLowerCase(Locale.ROOT).matches("\\s*application/json\\s*(;.*)?");
  }

  /**
   * Whether the page at {@code origin} is this server: the name and port the request was sent to.
   * A {@code Host} without a port came to a default port, 80 or 443 as a TLS proxy in front may
   * have turned it.
   */
  private boolean sameOrigin(String origin, HostAndPort authority) {
    URI uri;
    try {
      uri = new URI(origin);
    } catch (URISyntaxException e) {
      return false; // "null" (a sandboxed page, a file) and anything unreadable is some other page
    }
    if (uri.getHost() == null || authority == null || uri.getScheme() == null) {
      return false;
    }
    int originPort = uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    boolean port = authority.port() >= 0 ? originPort == authority.port()
        : originPort == (tls ? 443 : 80) || originPort == 443;
    return port && hosts.allows(uri.getHost())
        && HostGuard.normal(uri.getHost()).equals(HostGuard.normal(authority.host()));
  }
}
