package dev.cairn.store;

import dev.cairn.common.ChunkerParams;
import dev.cairn.common.Failures;
import dev.cairn.common.message.StoreMessages.Info;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;

/** RepositoryConfig reads and writes the {@code config} file: identity, format version, chunker and hash. */
final class RepositoryConfig {
  static final String FILE = "config";
  static final int VERSION = 1;

  private RepositoryConfig() {}

  static byte[] encode(Info info) {
    JsonObject chunker = new JsonObject().put("algorithm", info.chunker().algorithm())
        .put("minSize", info.chunker().minSize()).put("avgSize", info.chunker().avgSize())
        .put("maxSize", info.chunker().maxSize());
    return new JsonObject().put("id", info.repositoryId()).put("version", info.version()).put("chunker", chunker)
        .put("hash", info.hash()).encodePrettily().getBytes(StandardCharsets.UTF_8);
  }

  static Info decode(byte[] content, String where) {
    try {
      JsonObject json = new JsonObject(new String(content, StandardCharsets.UTF_8));
      int version = json.getInteger("version");
      if (version != VERSION) {
        throw new RepositoryException(Failures.BAD_INPUT,
            where + " has repository format " + version + "; this cairn reads format " + VERSION);
      }
      JsonObject c = json.getJsonObject("chunker");
      ChunkerParams chunker;
      try {
        chunker = new ChunkerParams(c.getString("algorithm"), c.getInteger("minSize"), c.getInteger("avgSize"),
            c.getInteger("maxSize"));
      } catch (IllegalArgumentException e) {
        throw new RepositoryException(Failures.BAD_INPUT, where + " cannot be used: its config's " + e.getMessage(), e);
      }
      return new Info(json.getString("id"), version, chunker, json.getString("hash"), "");
    } catch (DecodeException | ClassCastException | NullPointerException | IllegalArgumentException e) {
      throw new RepositoryException(Failures.CORRUPT, where + " has a damaged config file: " + e.getMessage(), e);
    }
  }
}
