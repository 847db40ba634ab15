package dev.cairn.gateway.http;

import dev.cairn.common.Failures;
import dev.cairn.gateway.jobs.JobRefusal;
import dev.cairn.gateway.jobs.JobRunner;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * ApiError is an error as the API answers it: an HTTP status, a stable code scripts can rely on,
 * and a message for people. Every failure of a route ends in {@link #handle}, so no error leaves
 * as HTML or as a bare 500.
 */
final class ApiError extends RuntimeException {
  private static final Logger LOG = Logger.getLogger(ApiError.class.getName());

  final int status;
  final String code;

  ApiError(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  static ApiError badRequest(String message) {
    return new ApiError(400, "bad_request", message);
  }

  /** No credential, or one the gateway does not know: answered with {@code WWW-Authenticate: Bearer}. */
  static ApiError unauthorized(String message) {
    return new ApiError(401, "unauthorized", message);
  }

  static ApiError notFound(String message) {
    return new ApiError(404, "not_found", message);
  }

  /** The error a user reads for any failure: ours, the job runner's, a room's, or Vert.x Web's. */
  static ApiError from(int statusCode, Throwable e) {
    if (e instanceof ApiError api) {
      return api;
    }
    if (e instanceof JobRefusal refusal) {
      return new ApiError(refusal.status(), refusal.code(), refusal.getMessage());
    }
    if (e instanceof DecodeException) {
      return badRequest("the body is not valid JSON");
    }
    if (e instanceof IllegalArgumentException) {
      return badRequest(Failures.describe(e));
    }
    if (e instanceof ReplyException re) {
      return fromRoom(re);
    }
    int status = e instanceof HttpException http ? http.getStatusCode() : statusCode > 0 ? statusCode : 500;
    return switch (status) {
      case 400 -> badRequest(e == null || e.getMessage() == null ? "bad request" : e.getMessage());
      case 404 -> notFound("no such resource");
      case 405 -> new ApiError(405, "method_not_allowed", "this resource does not take that method");
      case 413 -> new ApiError(413, "too_large", "the body is larger than the gateway accepts");
      case 415 -> new ApiError(415, "unsupported_media_type", "send JSON");
      default -> internal(e);
    };
  }

  private static ApiError fromRoom(ReplyException re) {
    if (re.failureType() == ReplyFailure.TIMEOUT || re.failureType() == ReplyFailure.NO_HANDLERS) {
      return new ApiError(503, "unavailable", "the node did not answer: " + Failures.describe(re));
    }
    return switch (re.failureCode()) {
      case Failures.BAD_INPUT -> badRequest(Failures.describe(re));
      case Failures.NOT_FOUND -> notFound(Failures.describe(re));
      case Failures.CONFLICT -> new ApiError(409, "conflict", Failures.describe(re));
      case Failures.CORRUPT -> new ApiError(422, "repository_damaged", Failures.describe(re));
      case Failures.STORAGE -> new ApiError(507, "storage_failure", Failures.describe(re));
      default -> internal(re);
    };
  }

  private static ApiError internal(Throwable e) {
    if (e instanceof ReplyException) {
      // The room that failed logged the cause with its stack trace; here only the answer.
      LOG.warning("request failed: " + Failures.describe(e));
    } else {
      LOG.log(Level.SEVERE, "request failed", e);
    }
    return new ApiError(500, "internal", "the gateway failed: " + (e == null ? "unknown" : Failures.describe(e)));
  }

  /** Answers a failed request with its error as JSON. */
  static void handle(RoutingContext ctx) {
    ApiError error = from(ctx.statusCode(), ctx.failure());
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    if (error.status == 401) {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"cairn\"");
    }
    if (error.status == 429 && ctx.response().headers().get("Retry-After") == null) {
      ctx.response().putHeader("Retry-After", String.valueOf(JobRunner.RETRY_AFTER_SECONDS));
    }
    ctx.response().setStatusCode(error.status).putHeader("Content-Type", "application/json")
        .end(json(error).encode());
  }

  /**
   * Answers a request the HTTP decoder could not read (a request line or a header too long, a
   * malformed request) with its error as JSON, then closes the connection, as the default does.
   */
  static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    ApiError error = cause instanceof TooLongHttpLineException
        ? new ApiError(414, "uri_too_long", "the request line is longer than the gateway accepts")
        : cause instanceof TooLongHttpHeaderException
            ? new ApiError(431, "headers_too_large", "the request headers are larger than the gateway accepts")
            : badRequest("the request is not valid HTTP");
    request.response().setStatusCode(error.status).putHeader("Content-Type", "application/json")
        .putHeader("Connection", "close").end(json(error).encode())
        .onComplete(done -> request.connection().close());
  }

  static JsonObject json(ApiError error) {
    return new JsonObject().put("error",
        new JsonObject().put("status", error.status).put("code", error.code).put("message", error.getMessage()));
  }
}
