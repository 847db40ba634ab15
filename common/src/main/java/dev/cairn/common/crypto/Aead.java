package dev.cairn.common.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Aead seals and opens byte strings with AES-256-GCM ({@value #NAME}), the JDK's implementation,
 * which uses the CPU's AES and carry-less multiply instructions.
 *
 * <pre>
 *   sealed = nonce (12 bytes, random) | ciphertext | tag (16 bytes)
 * </pre>
 *
 * <p>Nonces are 96 random bits from a {@link SecureRandom}: under one key, the chance that two of
 * 2^32 seals share a nonce is below 2^-32, and a repository seals one nonce per blob, index and
 * snapshot. The associated data binds each sealed string to what it is (a blob's type and id, a
 * file's kind), so it cannot be moved to serve as another. Safe to use from any thread.
 */
public final class Aead {
  /** The versioned name a repository config records. */
  public static final String NAME = "aes256gcm-v1";
  public static final int NONCE_LENGTH = 12;
  public static final int TAG_LENGTH = 16;
  /** What sealing adds to a string's length. */
  public static final int OVERHEAD = NONCE_LENGTH + TAG_LENGTH;

  private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(Aead::newCipher);
  private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);

  private final SecretKey key;

  /** An AEAD with the 32-byte {@code key}. */
  public Aead(byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("an AES-256 key is 32 bytes, got " + key.length);
    }
    this.key = new SecretKeySpec(key, "AES");
  }

  /** Seals the remaining bytes of {@code plain} (its position is not moved) with {@code ad}. */
  public byte[] seal(byte[] ad, ByteBuffer plain) {
    return seal(ad, null, plain);
  }

  /**
   * Seals {@code head} followed by the remaining bytes of {@code body} (its position is not moved)
   * as one string, without copying them together first; a {@code null} head is none.
   */
  public byte[] seal(byte[] ad, byte[] head, ByteBuffer body) {
    byte[] nonce = new byte[NONCE_LENGTH];
    RANDOM.get().nextBytes(nonce);
    return seal(nonce, ad, head, body);
  }

  /**
   * Seals as {@link #seal(byte[], byte[], ByteBuffer)} does, under the given {@code nonce}; kept
   * apart so that known-answer tests can check the framing against published vectors. A nonce
   * must never serve twice under one key: only the random one above is used for stored data.
   */
  byte[] seal(byte[] nonce, byte[] ad, byte[] head, ByteBuffer body) {
    int headLength = head == null ? 0 : head.length;
    byte[] sealed = new byte[headLength + body.remaining() + OVERHEAD];
    seal(nonce, ad, head, body, sealed, 0);
    return sealed;
  }

  /**
   * Seals as {@link #seal(byte[], byte[], ByteBuffer)} does, into {@code out} from {@code offset},
   * which has room for the head, the body and {@link #OVERHEAD}; returns the sealed length.
   */
  public int seal(byte[] ad, byte[] head, ByteBuffer body, byte[] out, int offset) {
    byte[] nonce = new byte[NONCE_LENGTH];
    RANDOM.get().nextBytes(nonce);
    return seal(nonce, ad, head, body, out, offset);
  }

  private int seal(byte[] nonce, byte[] ad, byte[] head, ByteBuffer body, byte[] into, int offset) {
    if (nonce.length != NONCE_LENGTH) {
      throw new IllegalArgumentException("an AES-GCM nonce here is " + NONCE_LENGTH + " bytes, got " + nonce.length);
    }
    int length = (head == null ? 0 : head.length) + body.remaining() + OVERHEAD;
    System.arraycopy(nonce, 0, into, offset, NONCE_LENGTH);
    ByteBuffer out = ByteBuffer.wrap(into, offset + NONCE_LENGTH, length - NONCE_LENGTH);
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
      cipher.updateAAD(ad);
      if (head != null) {
        cipher.update(ByteBuffer.wrap(head), out);
      }
      cipher.doFinal(body.duplicate(), out);
      if (out.hasRemaining()) {
        throw new IllegalStateException("AES-GCM left " + out.remaining() + " bytes of its output unwritten");
      }
      return length;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed to seal", e);
    }
  }

  /** Seals all of {@code plain} with {@code ad}. */
  public byte[] seal(byte[] ad, byte[] plain) {
    return seal(ad, ByteBuffer.wrap(plain));
  }

  /**
   * Opens the remaining bytes of {@code sealed} (its position is not moved) with {@code ad} and
   * returns the plain bytes; {@code what} names the string in the failure.
   *
   * @throws Damaged if the string is too short to be sealed or fails authentication
   */
  public byte[] open(byte[] ad, ByteBuffer sealed, String what) {
    byte[] plain = new byte[Math.max(0, sealed.remaining() - OVERHEAD)];
    open(ad, sealed, plain, what);
    return plain;
  }

  /**
   * Opens the remaining bytes of {@code sealed} (its position is not moved) with {@code ad} into
   * {@code out} from its start, which has room for at least the sealed length less {@link
   * #OVERHEAD}, and returns the plain length. Nothing is written to {@code out} unless the string
   * is authentic.
   *
   * @throws Damaged if the string is too short to be sealed or fails authentication
   */
  public int open(byte[] ad, ByteBuffer sealed, byte[] out, String what) {
    int length = sealed.remaining();
    if (length < OVERHEAD) {
      throw new Damaged(what + " is truncated (" + length + " bytes, less than a sealed string's " + OVERHEAD + ")");
    }
    ByteBuffer in = sealed.duplicate();
    byte[] nonce = new byte[NONCE_LENGTH];
    in.get(nonce);
    try {
      Cipher cipher = CIPHERS.get();
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_LENGTH * 8, nonce));
      cipher.updateAAD(ad);
      // GCM releases no plain text before the tag is checked, so a forgery leaves out untouched.
      return cipher.doFinal(in, ByteBuffer.wrap(out, 0, length - OVERHEAD));
    } catch (AEADBadTagException e) {
      throw new Damaged(what + " failed authentication: it was damaged or altered, or belongs elsewhere");
    } catch (GeneralSecurityException e) {
      throw new Damaged(what + " cannot be opened: " + e.getMessage(), e);
    }
  }

  /** Opens all of {@code sealed}; see {@link #open(byte[], ByteBuffer, String)}. */
  public byte[] open(byte[] ad, byte[] sealed, String what) {
    return open(ad, ByteBuffer.wrap(sealed), what);
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM lacks AES/GCM", e);
    }
  }
}
