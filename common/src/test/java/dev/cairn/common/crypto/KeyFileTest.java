package dev.cairn.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.apache.commons.codec.digest.Blake3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("KeyFile")
class KeyFileTest {
  private static final String REPOSITORY = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
  private static final char[] PASSWORD = "correct horse battery staple".toCharArray();
  private static KeyFile made;
  private static MasterKey key;

  /** Small parameters, as a test suite that makes many keys is told to use; the defaults cost half a second each. */
  @BeforeAll
  static void smallKdf() {
    System.setProperty("cairn.kdf.memoryKiB", "1024");
    System.setProperty("cairn.kdf.iterations", "1");
    key = MasterKey.generate();
    made = KeyFile.create(key, PASSWORD, REPOSITORY, "host1", "alice");
  }

  @AfterAll
  static void defaultKdf() {
    System.clearProperty("cairn.kdf.memoryKiB");
    System.clearProperty("cairn.kdf.iterations");
  }

  private static byte[] edited(Consumer<JsonObject> edit) {
    JsonObject json = new JsonObject(new String(made.encode(), StandardCharsets.UTF_8));
    edit.accept(json);
    return json.encode().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("A key file opens with its password, also after it was written and read back, to the same master key")
  void createThenOpen() {
    assertThat(made.open(PASSWORD, REPOSITORY).bytes()).isEqualTo(key.bytes());
    KeyFile read = KeyFile.decode(made.encode());
    assertThat(read.open(PASSWORD, REPOSITORY).bytes()).isEqualTo(key.bytes());
    assertThat(read.kdf().memoryKiB()).isEqualTo(1024);
    assertThat(read.kdf().iterations()).isEqualTo(1);
    assertThat(read.host()).isEqualTo("host1");
    assertThat(read.user()).isEqualTo("alice");
    assertThat(read.created()).isEqualTo(made.created());
  }

  @Test
  @DisplayName("A wrong password throws WrongPassword")
  void wrongPassword() {
    assertThatThrownBy(() -> made.open("correct horse battery stapler".toCharArray(), REPOSITORY))
        .isInstanceOf(WrongPassword.class).hasMessage("the password does not open this key file");
  }

  @Test
  @DisplayName("A key file copied into another repository does not open there")
  void otherRepository() {
    KeyFile copied = KeyFile.decode(made.encode());
    assertThatThrownBy(() -> copied.open(PASSWORD, "ffeeddccbbaa99887766554433221100"))
        .isInstanceOf(WrongPassword.class);
  }

  @Test
  @DisplayName("A key file whose sealed key was changed does not open")
  void changedKey() {
    byte[] sealed = made.sealedKey().clone();
    sealed[sealed.length / 2] ^= 1;
    KeyFile changed = new KeyFile(made.version(), made.kdf(), sealed, made.created(), made.host(), made.user());
    assertThatThrownBy(() -> changed.open(PASSWORD, REPOSITORY)).isInstanceOf(WrongPassword.class);
  }

  @Test
  @DisplayName("A key file's id is the BLAKE3 hex of its bytes")
  void idIsBlake3() {
    byte[] bytes = made.encode();
    byte[] digest = new byte[32];
    Blake3.initHash().update(bytes).doFinalize(digest);
    assertThat(KeyFile.id(bytes)).isEqualTo(HexFormat.of().formatHex(digest));
  }

  @Test
  @DisplayName("A file larger than any key file is refused before it is parsed")
  void oversized() {
    byte[] big = new byte[KeyFile.MAX_BYTES + 1];
    assertThatIllegalArgumentException().isThrownBy(() -> KeyFile.decode(big))
        .withMessage("a key file is at most 16384 bytes; this one has 16385");
  }

  @Test
  @DisplayName("A key file of version 2 is refused, naming the version")
  void version2() {
    assertThatIllegalArgumentException().isThrownBy(() -> KeyFile.decode(edited(j -> j.put("version", 2))))
        .withMessage("key file version 2 is unknown to this cairn (it knows 1)");
  }

  @Test
  @DisplayName("An unknown key derivation or key wrapping is refused, naming it")
  void unknownAlgorithms() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> KeyFile.decode(edited(j -> j.getJsonObject("kdf").put("algorithm", "scrypt"))))
        .withMessage("key derivation 'scrypt' is unknown to this cairn (it knows argon2id-v1)");
    assertThatIllegalArgumentException().isThrownBy(() -> KeyFile.decode(edited(j -> j.put("wrap", "rot13"))))
        .withMessageContaining("key wrapping 'rot13' is unknown");
  }

  @Test
  @DisplayName("Planted Argon2 parameters beyond the bounds are refused before any derivation, naming the parameter")
  void plantedParameters() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> KeyFile.decode(edited(j -> j.getJsonObject("kdf").put("memoryKiB", 8 << 20))))
        .withMessageContaining("memory of 8388608 KiB");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> KeyFile.decode(edited(j -> j.getJsonObject("kdf").put("iterations", 1000))))
        .withMessageContaining("passes (iterations) 1000");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> KeyFile.decode(edited(j -> j.getJsonObject("kdf").put("parallelism", 255))))
        .withMessageContaining("lanes 255");
    // 2^32 + 1024 KiB must not wrap around to a harmless-looking 1024.
    assertThatIllegalArgumentException()
        .isThrownBy(() -> KeyFile.decode(edited(j -> j.getJsonObject("kdf").put("memoryKiB", (1L << 32) + 1024))))
        .withMessageContaining("memoryKiB");
  }

  @Test
  @DisplayName("Malformed JSON, a missing or mistyped field, or bad base64 is refused, naming what is wrong")
  void malformed() {
    assertThatIllegalArgumentException().isThrownBy(() -> KeyFile.decode("{\"version\": 1,".getBytes()))
        .withMessageStartingWith("not a key file:");
    assertThatIllegalArgumentException().isThrownBy(() -> KeyFile.decode("[1, 2]".getBytes()))
        .withMessageStartingWith("not a key file:");
    assertThatIllegalArgumentException().isThrownBy(() -> KeyFile.decode(edited(j -> j.remove("version"))))
        .withMessageContaining("version");
    assertThatIllegalArgumentException().isThrownBy(() -> KeyFile.decode(edited(j -> j.put("version", "1"))))
        .withMessageContaining("version");
    assertThatIllegalArgumentException().isThrownBy(() -> KeyFile.decode(edited(j -> j.remove("kdf"))))
        .withMessageContaining("kdf");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> KeyFile.decode(edited(j -> j.getJsonObject("kdf").remove("memoryKiB"))))
        .withMessageContaining("memoryKiB");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> KeyFile.decode(edited(j -> j.getJsonObject("kdf").put("salt", "not base64!"))))
        .withMessageContaining("salt");
    assertThatIllegalArgumentException().isThrownBy(() -> KeyFile.decode(edited(j -> j.put("key", "%%%"))))
        .withMessageContaining("key");
    assertThatIllegalArgumentException().isThrownBy(() -> KeyFile.decode(edited(j -> j.put("created", "yesterday"))))
        .withMessageContaining("created");
  }
}
