package dev.cairn.common.crypto;

import io.vertx.core.json.JsonObject;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Kdf derives the key that wraps a master key from a password, with Argon2id ({@value #NAME},
 * RFC 9106, BouncyCastle's implementation), a memory-hard function: each guess at a password costs
 * an attacker {@code memoryKiB} of memory for the whole of its running time.
 *
 * <p>A key file records the parameters it was made with, so they can be raised for new keys
 * without losing old ones. Parameters read from a key file are checked against bounds first: a
 * planted key file must not make cairn allocate gigabytes or run for hours.
 *
 * @param memoryKiB memory per derivation, in KiB
 * @param iterations passes over the memory
 * @param parallelism lanes
 * @param salt 16 random bytes, new for every key file
 */
public record Kdf(int memoryKiB, int iterations, int parallelism, byte[] salt) {
  /** The versioned name a key file records. */
  public static final String NAME = "argon2id-v1";
  /**
   * The defaults for new keys: 64 MiB and 3 passes, about half a second on one core of a 2025
   * server. The system properties {@code cairn.kdf.memoryKiB} and {@code cairn.kdf.iterations}
   * change them, for slow machines and for test suites that make thousands of keys.
   */
  public static final int DEFAULT_MEMORY_KIB = 64 << 10;
  public static final int DEFAULT_ITERATIONS = 3;
  /**
   * No key file asks for more: 256 MiB fits the heap {@code bin/cairn} gives, so a planted key file
   * cannot make an open fail for want of memory, and four times the default is room enough to
   * raise the cost for new keys.
   */
  static final int MAX_MEMORY_KIB = 256 << 10;
  static final int MAX_ITERATIONS = 64;
  /** No key file asks for more work (memory times passes): 32 times the default's, some ten seconds. */
  static final long MAX_WORK_KIB = 32L * DEFAULT_MEMORY_KIB * DEFAULT_ITERATIONS;
  static final int MAX_PARALLELISM = 16;
  static final int SALT_LENGTH = 16;
  /** Derivations remembered at most; a process works with a few repositories. */
  private static final int MEMO_ENTRIES = 64;
  private static final Map<String, CompletableFuture<byte[]>> DERIVED = new ConcurrentHashMap<>();

  public Kdf {
    // Lanes first: the memory's lower bound depends on them.
    if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
      throw new IllegalArgumentException("Argon2id lanes " + parallelism + " are outside 1 to " + MAX_PARALLELISM);
    }
    if (memoryKiB < 8 * parallelism || memoryKiB > MAX_MEMORY_KIB) {
      throw new IllegalArgumentException("Argon2id memory of " + memoryKiB + " KiB is outside " + 8 * parallelism
          + " (8 x " + parallelism + " lanes) to " + MAX_MEMORY_KIB + " KiB");
    }
    if (iterations < 1 || iterations > MAX_ITERATIONS) {
      throw new IllegalArgumentException("Argon2id passes (iterations) " + iterations + " are outside 1 to "
          + MAX_ITERATIONS);
    }
    if ((long) memoryKiB * iterations > MAX_WORK_KIB) {
      throw new IllegalArgumentException("Argon2id memory of " + memoryKiB + " KiB times " + iterations
          + " passes is more work than a key may ask (at most " + MAX_WORK_KIB + " KiB-passes)");
    }
    if (salt.length < 8 || salt.length > 64) {
      throw new IllegalArgumentException("Argon2id salt of " + salt.length + " bytes is outside 8 to 64");
    }
    salt = salt.clone();
  }

  /** The salt; a copy, so that the record stays as it was made. */
  @Override
  public byte[] salt() {
    return salt.clone();
  }

  /** Parameters for a new key with salt {@code salt}: the defaults, or what the system properties say. */
  public static Kdf forNewKey(byte[] salt) {
    return new Kdf(Integer.getInteger("cairn.kdf.memoryKiB", DEFAULT_MEMORY_KIB),
        Integer.getInteger("cairn.kdf.iterations", DEFAULT_ITERATIONS), 1, salt);
  }

  /**
   * Derives 32 bytes from {@code password}, encoded as UTF-8. A derivation this process already
   * made, or is making on another thread (a command starts one while the node boots, see {@code
   * Repository.prepareKey}), is not made again: the result is remembered under a SHA-256 of the
   * parameters, salt and password, never the password itself.
   */
  public byte[] derive(char[] password) {
    String memo = memoKey(password);
    CompletableFuture<byte[]> mine = new CompletableFuture<>();
    CompletableFuture<byte[]> known = DERIVED.putIfAbsent(memo, mine);
    if (known != null) {
      return known.join().clone();
    }
    try {
      byte[] out = compute(password);
      mine.complete(out);
      if (DERIVED.size() > MEMO_ENTRIES) {
        DERIVED.keySet().removeIf(k -> !k.equals(memo));
      }
      return out.clone();
    } catch (RuntimeException | Error e) {
      DERIVED.remove(memo, mine);
      mine.completeExceptionally(e);
      throw e;
    }
  }

  private String memoKey(char[] password) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(("argon2id " + memoryKiB + " " + iterations + " " + parallelism + " ").getBytes(StandardCharsets.US_ASCII));
      sha.update(salt);
      sha.update(StandardCharsets.UTF_8.encode(CharBuffer.wrap(password)));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM lacks SHA-256", e);
    }
  }

  private byte[] compute(char[] password) {
    Argon2Parameters params = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13).withMemoryAsKB(memoryKiB).withIterations(iterations)
        .withParallelism(parallelism).withSalt(salt).build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(params);
    byte[] out = new byte[32];
    generator.generateBytes(password, out);
    return out;
  }

  JsonObject toJson() {
    return new JsonObject().put("algorithm", NAME).put("memoryKiB", memoryKiB).put("iterations", iterations)
        .put("parallelism", parallelism).put("salt", Base64.getEncoder().encodeToString(salt));
  }

  /** Reads parameters recorded by {@link #toJson}; anything else is an IllegalArgumentException naming it. */
  static Kdf fromJson(JsonObject json) {
    String algorithm = JsonFields.string(json, "algorithm");
    if (!NAME.equals(algorithm)) {
      throw new IllegalArgumentException("key derivation '" + algorithm + "' is unknown to this cairn (it knows " + NAME + ")");
    }
    return new Kdf(JsonFields.integer(json, "memoryKiB"), JsonFields.integer(json, "iterations"),
        JsonFields.integer(json, "parallelism"), JsonFields.base64(json, "salt"));
  }
}
