package dev.cairn.gateway;

import dev.cairn.store.RepositorySetup;
import java.util.List;
import java.util.Map;

/**
 * TestPassword is the password tests give encrypted repositories, as a user who exported
 * CAIRN_PASSWORD would, and the flags that make a child JVM derive keys cheaply.
 */
final class TestPassword {
  /** The password of the repositories tests make. */
  static final String PASSWORD = "correct horse battery staple";
  /** Key derivation at its lowest cost: the defaults take about half a second per key file. */
  static final List<String> CHEAP_KDF = List.of("-Dcairn.kdf.memoryKiB=1024", "-Dcairn.kdf.iterations=1");

  private TestPassword() {}

  /** The environment of a user who exported the test password. */
  static Map<String, String> environment() {
    return Map.of("CAIRN_PASSWORD", PASSWORD);
  }

  /** Opens an existing repository, plain text or encrypted with the test password. */
  static RepositorySetup existing() {
    return RepositorySetup.existing(creating -> PASSWORD.toCharArray());
  }

  /** Opens a repository as {@link #existing()} does, making an encrypted one if there is none. */
  static RepositorySetup creating() {
    return RepositorySetup.createIfMissing(creating -> PASSWORD.toCharArray());
  }

  /** Gives a child process the test password, as {@link #environment()} has it. */
  static ProcessBuilder given(ProcessBuilder builder) {
    builder.environment().putAll(environment());
    return builder;
  }
}
