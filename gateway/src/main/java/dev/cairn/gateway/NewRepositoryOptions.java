package dev.cairn.gateway;

import dev.cairn.common.crypto.Compression;
import dev.cairn.common.crypto.PasswordSource;
import dev.cairn.store.RepositorySetup;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** NewRepositoryOptions say what a repository made by {@code init} or {@code backup --init} is like. */
final class NewRepositoryOptions {
  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE) CommandLine.Model.CommandSpec spec;

  @Option(names = "--no-encryption", description = "Make a plain-text repository: anyone who can read its files "
      + "reads what was backed up. Default: encrypted (AES-256-GCM) under a password.")
  boolean noEncryption;

  @Option(names = "--compression", paramLabel = "MODE", description = "off, auto or max, optionally with a zstd "
      + "level (max:19). For a new repository its default (auto); for a backup, that backup's.")
  String compression;

  /** The compression given, or {@code null} if none was; a wrong one is a usage error. */
  Compression compression() {
    if (compression == null) {
      return null;
    }
    try {
      return Compression.parse(compression);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--compression: " + e.getMessage());
    }
  }

  /** How a new repository is made, with its password from {@code passwords}. */
  RepositorySetup creating(PasswordSource passwords) {
    RepositorySetup setup = RepositorySetup.createIfMissing(passwords);
    Compression chosen = compression();
    if (noEncryption) {
      if (chosen != null && chosen.mode() != Compression.Mode.OFF) {
        throw new CommandLine.ParameterException(spec.commandLine(),
            "--compression goes with an encrypted repository only: a plain-text one stores data as it is");
      }
      return setup.withoutEncryption();
    }
    return chosen == null ? setup : setup.withCompression(chosen);
  }

  /** What a new repository is, as a user reads it. */
  String kind() {
    return noEncryption ? "plain-text" : "encrypted";
  }
}
