package dev.cairn.gateway;

import dev.cairn.store.Repository;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** InitCommand makes a new repository, encrypted under a password unless told otherwise. */
@Command(name = "init", mixinStandardHelpOptions = true,
    description = {
      "Create a new repository in REPO, which must be missing or an empty directory.",
      "It is encrypted (AES-256-GCM, keys derived from the password with Argon2id) and compressed (zstd) unless "
          + "--no-encryption is given. The password is asked twice on a terminal, or taken from --password-file, "
          + "CAIRN_PASSWORD_FILE, CAIRN_PASSWORD or CAIRN_PASSWORD_COMMAND. Losing every password loses the data: "
          + "cairn key add gives the repository a second one."
    })
final class InitCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RepositoryOptions options;
  @Mixin PasswordOptions password;
  @Mixin NewRepositoryOptions create;

  @Option(names = "--if-missing", description = "Do nothing, and exit 0, if REPO is a repository already: for "
      + "scripts and init containers that run before every start. Its password is not checked.")
  boolean ifMissing;

  @Override
  public Integer call() {
    Path repository = options.repository();
    PrintWriter out = spec.commandLine().getOut();
    if (ifMissing && Files.exists(repository.resolve("config"))) {
      out.println(repository + " is a cairn repository already: left as it is");
      out.flush();
      return 0;
    }
    refuseTaken(repository);
    String id;
    try (Repository made = Repository.open(repository, create.creating(password.passwords()))) {
      id = made.info().repositoryId();
    }
    out.println("created " + create.kind() + " repository " + id + " at " + repository);
    out.println(create.noEncryption
        ? "it is NOT encrypted: anyone who can read " + repository + " can read every file backed up into it"
        : "keep the password safe: losing every password of a repository loses its data (cairn key add adds one)");
    out.flush();
    return 0;
  }

  /** Refuses a repository or any other content in {@code dir}: init makes new repositories only. */
  private static void refuseTaken(Path dir) {
    if (Files.exists(dir.resolve("config"))) {
      throw new CliFailure(1, dir + " is already a cairn repository");
    }
    if (Files.isDirectory(dir)) {
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new CliFailure(1, dir + " is not empty: cairn init makes a repository in a new or empty directory");
        }
      } catch (IOException e) {
        throw new CliFailure(1, "cannot read " + dir + ": " + e.getMessage(), e);
      }
    } else if (Files.exists(dir)) {
      throw new CliFailure(1, dir + " is a file, not a directory");
    }
  }
}
