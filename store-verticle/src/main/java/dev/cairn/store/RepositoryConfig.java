package dev.cairn.store;

import dev.cairn.common.Blake3Hash;
import dev.cairn.common.ChunkerParams;
import dev.cairn.common.Failures;
import dev.cairn.common.crypto.Aead;
import dev.cairn.common.crypto.Compression;
import dev.cairn.common.crypto.Kdf;
import dev.cairn.common.crypto.MasterKey;
import dev.cairn.common.message.StoreMessages.Info;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RepositoryConfig reads and writes the {@code config} file: identity, format version, and every
 * algorithm by its versioned name, so that a repository always says how it was written.
 *
 * <p>The config stays readable without a key (it says which key derivation and cipher to use), so in
 * format 2 it carries a tag, an HMAC-SHA256 of its fields under a key derived from the master key:
 * a config changed by anyone without the key (to turn compression off, or to pass an encrypted
 * repository off as plain text) is refused once the repository is unlocked.
 */
final class RepositoryConfig {
  static final String FILE = "config";
  /** The newest format this cairn reads and writes. */
  static final int NEWEST = 2;
  static final String KEYED_HASH = "blake3-keyed-v1";

  private RepositoryConfig() {}

  /** The config of a new plain-text repository (format 1, as earlier releases wrote it, and saying so). */
  static Info plain(String id, ChunkerParams chunker) {
    return new Info(id, 1, chunker, Blake3Hash.NAME, "");
  }

  /** The config of a new encrypted repository (format 2). */
  static Info encrypted(String id, ChunkerParams chunker, Compression compression) {
    return new Info(id, 2, chunker, KEYED_HASH, "", Aead.NAME, compression.toString(), List.of());
  }

  /** The file's bytes; format 2 carries the tag that {@code key} makes. */
  static byte[] encode(Info info, MasterKey key) {
    JsonObject json = fields(info);
    if (info.version() >= 2) {
      json.put("tag", Base64.getEncoder().encodeToString(tag(json, key)));
    }
    return json.encodePrettily().getBytes(StandardCharsets.UTF_8);
  }

  private static JsonObject fields(Info info) {
    JsonObject chunker = new JsonObject().put("algorithm", info.chunker().algorithm())
        .put("minSize", info.chunker().minSize()).put("avgSize", info.chunker().avgSize())
        .put("maxSize", info.chunker().maxSize());
    JsonObject json = new JsonObject().put("id", info.repositoryId()).put("version", info.version())
        .put("chunker", chunker).put("hash", info.hash()).put("encryption", info.encryption())
        .put("compression", info.compression());
    if (info.version() >= 2) {
      json.put("kdf", Kdf.NAME);
    }
    return json;
  }

  /** Checks a format 2 config's tag with the master key {@code key}, which opened one of its key files. */
  static void verify(byte[] content, Info info, MasterKey key, String where) {
    JsonObject json = new JsonObject(new String(content, StandardCharsets.UTF_8));
    String recorded = json.getString("tag", "");
    byte[] expected = tag(fields(info), key);
    byte[] given;
    try {
      given = Base64.getDecoder().decode(recorded);
    } catch (IllegalArgumentException e) {
      given = new byte[0];
    }
    if (!MessageDigest.isEqual(expected, given)) {
      throw new RepositoryException(Failures.CORRUPT, where + "'s config was changed by someone without its key "
          + "(its tag does not match): refusing to use it");
    }
  }

  private static byte[] tag(JsonObject fields, MasterKey key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.derive(MasterKey.CONFIG), "HmacSHA256"));
      return mac.doFinal(fields.encode().getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM lacks HmacSHA256", e);
    }
  }

  static Info decode(byte[] content, String where) {
    try {
      JsonObject json = new JsonObject(new String(content, StandardCharsets.UTF_8));
      int version = json.getInteger("version");
      if (version < 1 || version > NEWEST) {
        throw new RepositoryException(Failures.BAD_INPUT, where + " has repository format " + version
            + "; this cairn reads formats 1 to " + NEWEST + ": use a newer cairn");
      }
      JsonObject c = json.getJsonObject("chunker");
      ChunkerParams chunker;
      try {
        chunker = new ChunkerParams(c.getString("algorithm"), c.getInteger("minSize"), c.getInteger("avgSize"),
            c.getInteger("maxSize"));
      } catch (IllegalArgumentException e) {
        throw new RepositoryException(Failures.BAD_INPUT, where + " cannot be used: its config's " + e.getMessage(), e);
      }
      String hash = json.getString("hash");
      String encryption = json.getString("encryption", Info.NO_ENCRYPTION);
      if (version == 1) {
        if (!Info.NO_ENCRYPTION.equals(encryption) || !Blake3Hash.NAME.equals(hash)) {
          throw new RepositoryException(Failures.CORRUPT, where + "'s config is format 1 (plain text) yet names "
              + "hash " + hash + " and encryption " + encryption);
        }
        return plain(json.getString("id"), chunker);
      }
      requireKnown(where, "cipher", encryption, Aead.NAME);
      requireKnown(where, "hash", hash, KEYED_HASH);
      requireKnown(where, "key derivation", json.getString("kdf"), Kdf.NAME);
      Compression compression;
      try {
        compression = Compression.parse(json.getString("compression"));
      } catch (IllegalArgumentException e) {
        throw new RepositoryException(Failures.BAD_INPUT, where + " cannot be used: its config's " + e.getMessage(), e);
      }
      return encrypted(json.getString("id"), chunker, compression);
    } catch (DecodeException | ClassCastException | NullPointerException | IllegalArgumentException e) {
      throw new RepositoryException(Failures.CORRUPT, where + " has a damaged config file: " + e.getMessage(), e);
    }
  }

  private static void requireKnown(String where, String what, String name, String known) {
    if (!known.equals(name)) {
      throw new RepositoryException(Failures.BAD_INPUT, where + " uses " + what + " " + name
          + ", which this cairn lacks (it knows " + known + ")");
    }
  }
}
