package dev.cairn.gateway.cluster;

import dev.cairn.gateway.tls.PemFiles;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * ClusterSecret is the key every node of a cluster holds and nothing else does: 32 random bytes
 * that {@code cairn cluster ca} writes beside the authority, handed out with each node's
 * certificate. Hazelcast's open-source edition authenticates nobody, so what nodes keep in its
 * maps is sealed with this key (AES-GCM: unreadable, and an altered or forged value fails to
 * open) or carries a tag made with it (HMAC-SHA256), which a process on the Hazelcast port
 * cannot make.
 */
public final class ClusterSecret {
  /** The length of the secret, and of the keys derived from it. */
  static final int BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Map<Vertx, ClusterSecret> BOUND = Collections.synchronizedMap(new WeakHashMap<>());

  private final SecretKeySpec sealKey;
  private final SecretKeySpec tagKey;

  private ClusterSecret(byte[] secret) {
    // Two keys from one secret, so a tag never doubles as an encryption key.
    this.sealKey = new SecretKeySpec(derive(secret, "cairn seal"), "AES");
    this.tagKey = new SecretKeySpec(derive(secret, "cairn tag"), "HmacSHA256");
  }

  /** Writes a new random secret to {@code file}, mode 0600. */
  public static void create(Path file) {
    byte[] secret = new byte[BYTES];
    RANDOM.nextBytes(secret);
    PemFiles.write(file, (Base64.getEncoder().encodeToString(secret) + "\n").getBytes(StandardCharsets.US_ASCII), true);
  }

  /** The secret in {@code file}, as {@link #create} wrote it. */
  public static ClusterSecret read(Path file) {
    byte[] secret;
    try {
      secret = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the cluster secret " + file + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + " is not a cluster secret (cairn cluster ca makes one)");
    }
    if (secret.length != BYTES) {
      throw new IllegalArgumentException(file + " is not a cluster secret (cairn cluster ca makes one)");
    }
    return new ClusterSecret(secret);
  }

  /** Makes {@code secret} the one {@link #of} answers for {@code vertx}. */
  public static void bind(Vertx vertx, ClusterSecret secret) {
    BOUND.put(vertx, secret);
  }

  /** The secret of the cluster {@code vertx} is a node of; empty for a cluster run with --insecure. */
  public static Optional<ClusterSecret> of(Vertx vertx) {
    return Optional.ofNullable(BOUND.get(vertx));
  }

  /** {@code plain} sealed: a fresh nonce, then the ciphertext and tag, bound to {@code context}. */
  public byte[] seal(byte[] plain, String context) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, sealKey, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plain);
      return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What {@link #seal} sealed under {@code context}; empty if {@code sealed} was made otherwise or altered. */
  public Optional<byte[]> open(byte[] sealed, String context) {
    if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
      return Optional.empty();
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, sealKey, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return Optional.of(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES));
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  /** The tag of {@code text}, in Base64. */
  public String tag(String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(tagKey);
      return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code tag} is the tag of {@code text}, compared in constant time. */
  public boolean tagged(String text, String tag) {
    return tag != null && MessageDigest.isEqual(tag(text).getBytes(StandardCharsets.US_ASCII),
        tag.getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] derive(byte[] secret, String purpose) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(purpose.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
