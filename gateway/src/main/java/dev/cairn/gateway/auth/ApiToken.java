package dev.cairn.gateway.auth;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HexFormat;

/**
 * ApiToken is an API token as the credentials file keeps it: never the token, only its SHA-256.
 * A token reads {@code cairn_<id>_<secret>}: the id finds the entry, the 256-bit secret proves
 * the caller holds it. With that much entropy one round of SHA-256 is as strong as a slow KDF.
 *
 * @param id 12 hex digits, shown by {@code token list} and named by {@code token revoke}
 * @param name what the token is for
 * @param role what its holder may do
 * @param created when it was made
 * @param sha256 the hash of the whole token text
 */
public record ApiToken(String id, String name, AccessRole role, Instant created, byte[] sha256) {
  static final String PREFIX = "cairn_";

  /** A new token for {@code role}; the text returned is the only copy of the secret. */
  static Issued issue(String name, AccessRole role, Instant now) {
    String id = Secrets.randomHex(6);
    String text = PREFIX + id + "_" + Secrets.randomText(32);
    return new Issued(new ApiToken(id, name, role, now, Secrets.sha256(text)), text);
  }

  /** The id a token's text names, or {@code null} if the text is not shaped like a token. */
  static String idOf(String text) {
    if (text == null || !text.startsWith(PREFIX) || text.length() > 200) {
      return null;
    }
    int end = text.indexOf('_', PREFIX.length());
    return end < 0 ? null : text.substring(PREFIX.length(), end);
  }

  JsonObject toJson() {
    return new JsonObject().put("id", id).put("name", name).put("role", role.wire()).put("created", created.toString())
        .put("sha256", HexFormat.of().formatHex(sha256));
  }

  static ApiToken fromJson(JsonObject json) {
    return new ApiToken(json.getString("id"), json.getString("name"), AccessRole.parse(json.getString("role")),
        Instant.parse(json.getString("created")), HexFormat.of().parseHex(json.getString("sha256")));
  }

  @Override
  public String toString() {
    return "ApiToken[" + id + ", " + name + ", " + role.wire() + "]";
  }

  /** A token just made, with its text, which is shown once and never kept. */
  public record Issued(ApiToken token, String text) {
    @Override
    public String toString() {
      return "Issued[" + token + "]";
    }
  }
}
