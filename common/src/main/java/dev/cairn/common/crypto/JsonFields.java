package dev.cairn.common.crypto;

import io.vertx.core.json.JsonObject;
import java.util.Base64;

/**
 * JsonFields reads the fields of a key file strictly: a field that is missing, of another type,
 * not a whole number within an int, or not base64 is an IllegalArgumentException that names it.
 * Vert.x's own getters would unbox a missing number into a NullPointerException and narrow 2^32 +
 * 1024 to 1024 without a word.
 */
final class JsonFields {
  private JsonFields() {}

  static int integer(JsonObject json, String name) {
    Object value = json.getValue(name);
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      long whole = ((Number) value).longValue();
      if (whole == (int) whole) {
        return (int) whole;
      }
    }
    throw new IllegalArgumentException(name + " must be a whole number within an int, got " + describe(value));
  }

  static String string(JsonObject json, String name) {
    Object value = json.getValue(name);
    if (value instanceof String text) {
      return text;
    }
    throw new IllegalArgumentException(name + " must be a string, got " + describe(value));
  }

  /** The string field {@code name}, or {@code absent} if there is none. */
  static String string(JsonObject json, String name, String absent) {
    return json.getValue(name) == null ? absent : string(json, name);
  }

  static JsonObject object(JsonObject json, String name) {
    Object value = json.getValue(name);
    if (value instanceof JsonObject object) {
      return object;
    }
    throw new IllegalArgumentException(name + " must be an object, got " + describe(value));
  }

  static byte[] base64(JsonObject json, String name) {
    try {
      return Base64.getDecoder().decode(string(json, name));
    } catch (IllegalArgumentException e) {
      if (e.getMessage().startsWith(name + " must")) {
        throw e;
      }
      throw new IllegalArgumentException(name + " is not base64: " + e.getMessage());
    }
  }

  private static String describe(Object value) {
    if (value == null) {
      return "none";
    }
    String text = String.valueOf(value);
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }
}
