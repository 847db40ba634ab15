package dev.cairn.gateway.http;

import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import java.util.logging.Logger;

/**
 * AuditLog writes one line for every request that may change state (POST, PUT, PATCH, DELETE),
 * accepted or refused, once it is answered: who (the signed-in user's name and role, or
 * {@code anonymous}), what (method, path, job type and id), from where (the peer's address) and
 * the answer's status. The line is JSON after {@code audit }, so no value a caller chooses can
 * forge a line or a field.
 *
 * <p>The peer is the TCP peer: behind a proxy, the proxy. No forwarded header is believed, since
 * any caller can send one.
 */
final class AuditLog {
  /** The logger audit lines go to, to route them apart from the rest. */
  static final Logger LOG = Logger.getLogger("dev.cairn.gateway.audit");
  /** The context key under which a route names the job type a request is about. */
  static final String JOB_TYPE = "cairn.audit.jobType";
  /** The context key under which a route names the job a request is about. */
  static final String JOB_ID = "cairn.audit.jobId";

  private AuditLog() {}

  /** Writes the request's line when it is answered, if it may change state. */
  static void follow(RoutingContext ctx) {
    if (MutationGuard.changes(ctx.request().method())) {
      ctx.addEndHandler(done -> LOG.info("audit " + line(ctx, done.succeeded()).encode()));
    }
    ctx.next();
  }

  static JsonObject line(RoutingContext ctx, boolean answered) {
    User user = ctx.user();
    JsonObject principal = user == null ? null : user.principal();
    Object name = principal == null ? null : principal.getValue("name");
    SocketAddress peer = ctx.request().remoteAddress();
    return new JsonObject()
        .put("user", name == null ? "anonymous" : String.valueOf(name))
        .put("role", principal == null ? null : principal.getValue("role"))
        .put("method", ctx.request().method().name())
        .put("path", ctx.request().path())
        .put("jobType", ctx.get(JOB_TYPE))
        .put("job", ctx.get(JOB_ID))
        .put("from", peer == null ? null : peer.hostAddress())
        .put("status", ctx.response().getStatusCode())
        .put("answered", answered);
  }
}
