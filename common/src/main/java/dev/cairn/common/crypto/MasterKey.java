package dev.cairn.common.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * MasterKey is a repository's one secret, 32 random bytes, from which every key it uses is
 * derived with HKDF-SHA256 (RFC 5869): one purpose, one key, so that no key ever serves two
 * algorithms.
 */
public final class MasterKey {
  /** Length of the master key and of every key derived from it. */
  public static final int LENGTH = 32;

  /** The blob, index and snapshot cipher's key (AES-256-GCM). */
  static final String CIPHER = "cairn aes256gcm-v1 blobs";
  /** The key of the keyed hash that names chunks and trees (BLAKE3 keyed mode). */
  static final String IDS = "cairn blake3-keyed-v1 ids";
  /** The secret the chunker's gear table is derived from. */
  static final String CHUNKER = "cairn fastcdc gear secret";
  /** The key of the config's authentication tag. */
  public static final String CONFIG = "cairn config tag";

  private final byte[] key;

  private MasterKey(byte[] key) {
    this.key = key;
  }

  /** Makes a new random master key. */
  public static MasterKey generate() {
    byte[] key = new byte[LENGTH];
    new SecureRandom().nextBytes(key);
    return new MasterKey(key);
  }

  /** Wraps {@code LENGTH} bytes, as unwrapped from a key file. */
  public static MasterKey of(byte[] key) {
    if (key.length != LENGTH) {
      throw new IllegalArgumentException("a master key is " + LENGTH + " bytes, got " + key.length);
    }
    return new MasterKey(key.clone());
  }

  /** A copy of the key's bytes, to be wrapped into a key file. */
  byte[] bytes() {
    return key.clone();
  }

  /** The key for {@code purpose}: HKDF-SHA256 with an empty salt and the purpose as info. */
  public byte[] derive(String purpose) {
    return hkdf(key, purpose.getBytes(StandardCharsets.UTF_8), LENGTH);
  }

  /** HKDF-SHA256 of {@code ikm} with an empty salt: {@code length} bytes for {@code info}. */
  static byte[] hkdf(byte[] ikm, byte[] info, int length) {
    return hkdf(new byte[0], ikm, info, length);
  }

  /** HKDF-SHA256 (RFC 5869): extract with {@code salt}, then expand to {@code length} bytes for {@code info}. */
  static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) {
    if (length < 0 || length > 255 * 32) {
      // RFC 5869: the block counter is one byte, so at most 255 blocks.
      throw new IllegalArgumentException("HKDF-SHA256 gives 0 to " + 255 * 32 + " bytes, not " + length);
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      // RFC 5869: a missing salt is a string of HashLen zeros.
      mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
      byte[] prk = mac.doFinal(ikm);
      mac.init(new SecretKeySpec(prk, "HmacSHA256"));
      byte[] out = new byte[length];
      byte[] t = new byte[0];
      for (int done = 0, i = 1; done < length; i++) {
        mac.update(t);
        mac.update(info);
        mac.update((byte) i);
        t = mac.doFinal();
        int n = Math.min(t.length, length - done);
        System.arraycopy(t, 0, out, done, n);
        done += n;
      }
      Arrays.fill(prk, (byte) 0);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM lacks HmacSHA256", e);
    }
  }
}
