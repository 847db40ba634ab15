package dev.cairn.gateway;

import dev.cairn.common.crypto.PasswordSource;
import dev.cairn.store.RepositorySetup;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * PasswordOptions are the options of every command that opens a repository: where the password of
 * an encrypted one comes from. A plain-text repository asks for none.
 */
final class PasswordOptions {
  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE) CommandLine.Model.CommandSpec spec;

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "Read the repository password from the first line of FILE (keep it mode 0600). Without it: "
          + "$CAIRN_PASSWORD_FILE, else $CAIRN_PASSWORD, else the first line $CAIRN_PASSWORD_COMMAND prints "
          + "(run with sh -c), else a prompt on the terminal.")
  Path passwordFile;

  private CliPasswords passwords;

  /** The password source of this command, asked only if the repository is encrypted. */
  PasswordSource passwords() {
    if (passwords == null) {
      passwords = new CliPasswords(passwordFile, environment());
    }
    return passwords;
  }

  /** How a command opens a repository that must exist already. */
  RepositorySetup existing() {
    return RepositorySetup.existing(passwords());
  }

  /** The environment the command line was run with. */
  Map<String, String> environment() {
    return environment(spec);
  }

  /** The environment of the command line {@code spec} belongs to. */
  static Map<String, String> environment(CommandLine.Model.CommandSpec spec) {
    Object root = spec.root().userObject();
    return root instanceof CairnCommand cairn ? cairn.environment() : System.getenv();
  }
}
