package dev.cairn.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Answers writes JSON replies, and turns a failed future into the request's failure. */
final class Answers {
  private Answers() {}

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  static void json(RoutingContext ctx, int status, JsonArray body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  /** Answers 200 with what {@code result} completes with, or fails the request with its failure. */
  static void ok(RoutingContext ctx, Future<JsonObject> result) {
    result.onSuccess(body -> json(ctx, 200, body)).onFailure(ctx::fail);
  }
}
