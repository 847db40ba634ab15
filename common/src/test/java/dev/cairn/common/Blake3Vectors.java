package dev.cairn.common;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Blake3Vectors reads the official BLAKE3 test vectors and makes their inputs. */
final class Blake3Vectors {
  /** The official vectors of BLAKE3-team/BLAKE3, test_vectors/test_vectors.json. */
  private static final String RESOURCE = "/blake3/test_vectors.json";

  private static final JsonObject FILE = read();
  private static final List<Case> CASES = cases(FILE);

  /**
   * One official case: an input length and, in hex, the first 32 bytes of its hash, of its keyed
   * hash with {@link #key()}, and of its derived key for {@link #context()}.
   */
  record Case(int inputLength, String hash, String keyedHash, String deriveKey) {}

  private Blake3Vectors() {}

  static List<Case> cases() {
    return CASES;
  }

  /** Returns the key of the vectors' keyed hashes: 32 ASCII bytes. */
  static byte[] key() {
    return FILE.getString("key").getBytes(StandardCharsets.US_ASCII);
  }

  /** Returns the context string of the vectors' derived keys. */
  static String context() {
    return FILE.getString("context_string");
  }

  /** Returns the vectors' input: byte {@code i} is {@code i % 251}. */
  static byte[] input(int length) {
    byte[] input = new byte[length];
    for (int i = 0; i < length; i++) {
      input[i] = (byte) (i % 251);
    }
    return input;
  }

  /** Returns the official hash of the input of {@code length} bytes. */
  static String expected(int length) {
    return CASES.stream().filter(c -> c.inputLength() == length).map(Case::hash).findFirst().orElseThrow();
  }

  private static JsonObject read() {
    try (InputStream in = Blake3Vectors.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + RESOURCE);
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Case> cases(JsonObject file) {
    return file.getJsonArray("cases").stream()
        .map(JsonObject.class::cast)
        .map(c -> new Case(
            c.getInteger("input_len"),
            c.getString("hash").substring(0, 64),
            c.getString("keyed_hash").substring(0, 64),
            c.getString("derive_key").substring(0, 64)))
        .toList();
  }
}
