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

  private static final List<Case> CASES = load();

  /** One official case: an input length and the first 32 bytes of its hash, in hex. */
  record Case(int inputLength, String hash) {}

  private Blake3Vectors() {}

  static List<Case> cases() {
    return CASES;
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

  private static List<Case> load() {
    try (InputStream in = Blake3Vectors.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + RESOURCE);
      }
      String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return new JsonObject(json).getJsonArray("cases").stream()
          .map(JsonObject.class::cast)
          .map(c -> new Case(c.getInteger("input_len"), c.getString("hash").substring(0, 64)))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
