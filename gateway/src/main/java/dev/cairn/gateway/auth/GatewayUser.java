package dev.cairn.gateway.auth;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * GatewayUser is a person who signs in to the page with a password.
 *
 * @param name the name typed at sign-in
 * @param role what the user may do
 * @param created when the user was added
 * @param password the salted hash of the password
 */
public record GatewayUser(String name, AccessRole role, Instant created, PasswordHash password) {
  JsonObject toJson() {
    return new JsonObject().put("name", name).put("role", role.wire()).put("created", created.toString())
        .put("password", password.toJson());
  }

  static GatewayUser fromJson(JsonObject json) {
    return new GatewayUser(json.getString("name"), AccessRole.parse(json.getString("role")),
        Instant.parse(json.getString("created")), PasswordHash.fromJson(json.getJsonObject("password")));
  }
}
