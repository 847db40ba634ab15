package dev.cairn.gateway.auth;

import io.vertx.core.json.JsonObject;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PasswordHash is a password as the credentials file keeps it: PBKDF2-HMAC-SHA256 of the password
 * with a random salt. The algorithm and its iteration count are kept with each hash, so raising
 * the count later leaves older entries readable.
 *
 * @param algorithm the JDK's name of the KDF
 * @param iterations how many rounds it ran
 * @param salt 16 random bytes
 * @param hash 32 bytes of derived key
 */
public record PasswordHash(String algorithm, int iterations, byte[] salt, byte[] hash) {
  static final String PBKDF2 = "PBKDF2WithHmacSHA256";
  /** The count OWASP advises for PBKDF2-HMAC-SHA256 (2023): about a quarter second a guess here. */
  static final int ITERATIONS = 600_000;
  private static final int HASH_BITS = 256;

  /** Hashes {@code password} with a new salt. */
  public static PasswordHash of(char[] password) {
    byte[] salt = Secrets.randomBytes(16);
    return new PasswordHash(PBKDF2, ITERATIONS, salt, derive(PBKDF2, password, salt, ITERATIONS));
  }

  /** Whether {@code password} is the one hashed, compared in constant time. */
  public boolean matches(char[] password) {
    return MessageDigest.isEqual(hash, derive(algorithm, password, salt, iterations));
  }

  private static byte[] derive(String algorithm, char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance(algorithm).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot derive a password hash with " + algorithm, e);
    } finally {
      spec.clearPassword();
    }
  }

  JsonObject toJson() {
    Base64.Encoder b64 = Base64.getEncoder();
    return new JsonObject().put("kdf", algorithm).put("iterations", iterations).put("salt", b64.encodeToString(salt))
        .put("hash", b64.encodeToString(hash));
  }

  static PasswordHash fromJson(JsonObject json) {
    Base64.Decoder b64 = Base64.getDecoder();
    return new PasswordHash(json.getString("kdf"), json.getInteger("iterations"), b64.decode(json.getString("salt")),
        b64.decode(json.getString("hash")));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PasswordHash p && p.algorithm.equals(algorithm) && p.iterations == iterations
        && Arrays.equals(p.salt, salt) && Arrays.equals(p.hash, hash);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(hash);
  }

  @Override
  public String toString() {
    return "PasswordHash[" + algorithm + ", " + iterations + " iterations]";
  }
}
