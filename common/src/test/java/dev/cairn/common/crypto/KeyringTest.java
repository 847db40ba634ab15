package dev.cairn.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Keyring")
class KeyringTest {
  @Test
  @DisplayName("A repository is unlocked once; later lookups get the remembered codec")
  void unlocksOnce() {
    Keyring keyring = Keyring.withoutPassword();
    AtomicInteger unlocks = new AtomicInteger();
    BlobCodec codec = SealingCodecs.sealing(MasterKey.generate(), Compression.auto());
    assertThat(keyring.known("repo")).isNull();
    assertThat(keyring.codec("repo", () -> {
      unlocks.incrementAndGet();
      return codec;
    })).isSameAs(codec);
    assertThat(keyring.codec("repo", () -> {
      unlocks.incrementAndGet();
      return BlobCodec.PLAIN;
    })).isSameAs(codec);
    assertThat(unlocks).hasValue(1);
    assertThat(keyring.known("repo")).isSameAs(codec);
  }

  @Test
  @DisplayName("When two unlocks race, the later one gets the codec remembered first")
  void raceKeepsTheFirst() {
    Keyring keyring = Keyring.withoutPassword();
    BlobCodec first = SealingCodecs.sealing(MasterKey.generate(), Compression.auto());
    // The unlock remembers another codec before it returns, as a racing thread would.
    BlobCodec got = keyring.codec("repo", () -> {
      keyring.remember("repo", first);
      return BlobCodec.PLAIN;
    });
    assertThat(got).isSameAs(first);
  }

  @Test
  @DisplayName("A node given no password says so when a key is needed")
  void noPassword() {
    assertThatThrownBy(() -> Keyring.withoutPassword().passwords().password(false))
        .isInstanceOf(PasswordSource.MissingPassword.class).hasMessage("no password was given to this node");
  }
}
