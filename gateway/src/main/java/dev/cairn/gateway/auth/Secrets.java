package dev.cairn.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/** Secrets makes random secrets, hashes tokens and compares secrets in constant time. */
public final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /** {@code bytes} random bytes. */
  public static byte[] randomBytes(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return b;
  }

  /** {@code bytes} random bytes as URL-safe Base64 without padding. */
  public static String randomText(int bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(bytes));
  }

  /** {@code bytes} random bytes as lowercase hex. */
  public static String randomHex(int bytes) {
    return HexFormat.of().formatHex(randomBytes(bytes));
  }

  /** The SHA-256 of {@code text}'s UTF-8 bytes. */
  public static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }

  /** Whether two texts are equal, in time that does not depend on where they differ. */
  public static boolean sameText(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    // Comparing digests keeps the time independent of the lengths too.
    return MessageDigest.isEqual(sha256(a), sha256(b));
  }
}
