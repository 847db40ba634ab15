package dev.cairn.common.crypto;

import dev.cairn.common.Blake3Hash;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Base64;

/**
 * KeyFile is one file of a repository's {@code keys/} folder: the master key, sealed ({@link
 * Aead}) under a key that {@link Kdf} derives from one password, and who made it. Several may
 * exist, one per password; any one opens the repository. A key file is named by the BLAKE3 of its
 * bytes, so the name is also its id.
 *
 * <pre>
 *   {"version": 1, "kdf": {"algorithm": "argon2id-v1", "memoryKiB": ..., "iterations": ...,
 *    "parallelism": ..., "salt": base64}, "wrap": "aes256gcm-v1", "key": base64,
 *    "created": ISO-8601, "host": ..., "user": ...}
 * </pre>
 *
 * The associated data of the sealed key is {@code "cairn key v1 " + repository id}: a key file
 * copied from another repository does not open this one.
 *
 * @param created when the key was made
 * @param host the host it was made on
 * @param user the user who made it
 */
public record KeyFile(int version, Kdf kdf, byte[] sealedKey, Instant created, String host, String user) {
  public static final int VERSION = 1;
  /** No key file is larger; a larger one is damage, refused before it is parsed. */
  public static final int MAX_BYTES = 16 << 10;

  /** Makes a key file that opens with {@code password} and holds {@code key}, for repository {@code repositoryId}. */
  public static KeyFile create(MasterKey key, char[] password, String repositoryId, String host, String user) {
    byte[] salt = new byte[Kdf.SALT_LENGTH];
    new SecureRandom().nextBytes(salt);
    Kdf kdf = Kdf.forNewKey(salt);
    byte[] wrapping = kdf.derive(password);
    try {
      byte[] sealed = new Aead(wrapping).seal(ad(repositoryId), key.bytes());
      return new KeyFile(VERSION, kdf, sealed, Instant.now(), host, user);
    } finally {
      Arrays.fill(wrapping, (byte) 0);
    }
  }

  /**
   * The master key, if {@code password} opens this file of repository {@code repositoryId}.
   *
   * @throws WrongPassword if it does not
   */
  public MasterKey open(char[] password, String repositoryId) {
    byte[] wrapping = kdf.derive(password);
    try {
      return MasterKey.of(new Aead(wrapping).open(ad(repositoryId), sealedKey, "key file"));
    } catch (Damaged e) {
      throw new WrongPassword("the password does not open this key file");
    } finally {
      Arrays.fill(wrapping, (byte) 0);
    }
  }

  /** The file's bytes. */
  public byte[] encode() {
    return new JsonObject().put("version", version).put("kdf", kdf.toJson()).put("wrap", Aead.NAME)
        .put("key", Base64.getEncoder().encodeToString(sealedKey)).put("created", created.toString())
        .put("host", host).put("user", user).encodePrettily().getBytes(StandardCharsets.UTF_8);
  }

  /** The id, and file name, of a key file with bytes {@code content}: the hex of their BLAKE3. */
  public static String id(byte[] content) {
    return new Blake3Hash().hash(content).hex();
  }

  /**
   * Reads a key file; anything that is not one written by this version is an
   * IllegalArgumentException that says what is wrong.
   */
  public static KeyFile decode(byte[] content) {
    if (content.length > MAX_BYTES) {
      throw new IllegalArgumentException("a key file is at most " + MAX_BYTES + " bytes; this one has " + content.length);
    }
    JsonObject json;
    try {
      json = new JsonObject(new String(content, StandardCharsets.UTF_8));
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalArgumentException("not a key file: " + e.getMessage(), e);
    }
    int version = JsonFields.integer(json, "version");
    if (version != VERSION) {
      throw new IllegalArgumentException("key file version " + version + " is unknown to this cairn (it knows " + VERSION + ")");
    }
    String wrap = JsonFields.string(json, "wrap");
    if (!Aead.NAME.equals(wrap)) {
      throw new IllegalArgumentException("key wrapping '" + wrap + "' is unknown to this cairn (it knows " + Aead.NAME + ")");
    }
    Kdf kdf = Kdf.fromJson(JsonFields.object(json, "kdf"));
    byte[] sealedKey = JsonFields.base64(json, "key");
    Instant created;
    try {
      created = Instant.parse(JsonFields.string(json, "created"));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("created is not an ISO-8601 instant: " + e.getParsedString());
    }
    return new KeyFile(version, kdf, sealedKey, created, JsonFields.string(json, "host", ""),
        JsonFields.string(json, "user", ""));
  }

  private static byte[] ad(String repositoryId) {
    return ("cairn key v1 " + repositoryId).getBytes(StandardCharsets.UTF_8);
  }
}
