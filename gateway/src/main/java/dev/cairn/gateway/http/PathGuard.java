package dev.cairn.gateway.http;

import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * PathGuard refuses, before any route sees it, a request path that climbs or hides its shape:
 * a segment that is {@code .} or {@code ..} (plain or percent-encoded), an encoded {@code /} or
 * {@code \}, a NUL, or a broken escape in the path or the query. No resource of the gateway has such a name, and a path
 * that would be tidied up by normalization must not reach a different resource than it names.
 */
final class PathGuard {
  private PathGuard() {}

  /** Passes a sound path on; answers any other with 400. */
  static void check(RoutingContext ctx) {
    String problem = problem(ctx.request().path());
    if (problem != null) {
      throw ApiError.badRequest("the request path " + problem);
    }
    String query = ctx.request().query();
    if (query != null) {
      for (String part : query.split("&")) {
        if (decode(part) == null) {
          throw ApiError.badRequest("the query string has a broken %-escape");
        }
      }
    }
    ctx.next();
  }

  /** What is wrong with {@code path}, or null if nothing is. */
  static String problem(String path) {
    if (path == null || path.isEmpty() || path.charAt(0) != '/') {
      return "must start with '/'";
    }
    for (String segment : path.split("/", -1)) {
      String name = decode(segment.replace("+", "%2B"));
      if (name == null) {
        return "has a broken %-escape";
      }
      if (name.equals(".") || name.equals("..")) {
        return "may not contain '.' or '..' segments";
      }
      if (name.indexOf('/') >= 0 || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
        return "may not contain an encoded '/', '\\' or NUL";
      }
    }
    return null;
  }

  /** {@code text} with its %-escapes decoded, or null if one is broken. */
  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
