package dev.cairn.gateway;

import dev.cairn.common.TerminalText;
import dev.cairn.common.crypto.PasswordSource.MissingPassword;
import dev.cairn.store.RepositoryKeys;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * KeyCommand manages the keys of an encrypted repository: one key file per password, any of which
 * opens it. Every change first opens the repository with a password it has, and holds its lock, so
 * it waits for no store and none runs meanwhile.
 */
@Command(name = "key", mixinStandardHelpOptions = true,
    description = {
      "Manage the passwords of an encrypted repository: each has a key file in REPO/keys, any one opens it.",
      "Every subcommand asks a password REPO already has (--password-file, CAIRN_PASSWORD_FILE, CAIRN_PASSWORD, "
          + "CAIRN_PASSWORD_COMMAND or a prompt). A new password comes from --new-password-file, "
          + "CAIRN_NEW_PASSWORD or a prompt asked twice. The last key is never removed: losing every password "
          + "loses the data. A running cairn serve holds the repository: stop it first."
    },
    subcommands = {KeyCommand.ListKeys.class, KeyCommand.AddKey.class, KeyCommand.RemoveKey.class,
        KeyCommand.ChangePassword.class})
final class KeyCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a subcommand: list, add, remove or passwd");
  }

  /** The options that say where a new password comes from. */
  static final class NewPassword {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE) CommandSpec spec;

    @Option(names = "--new-password-file", paramLabel = "FILE",
        description = "Read the new password from the first line of FILE (default: $CAIRN_NEW_PASSWORD, else a prompt).")
    Path file;

    /** The new password; an empty one, or none with no terminal to ask on, is refused. */
    char[] read() {
      char[] password;
      Map<String, String> environment = PasswordOptions.environment(spec);
      if (file != null) {
        password = CliPasswords.fromFile(file, "--new-password-file");
      } else if (environment.get("CAIRN_NEW_PASSWORD") != null) {
        password = environment.get("CAIRN_NEW_PASSWORD").toCharArray();
      } else {
        Console console = System.console();
        if (console == null) {
          throw new CliFailure(1, "no new password and no terminal to ask for one: give --new-password-file "
              + "or CAIRN_NEW_PASSWORD");
        }
        try {
          password = CliPasswords.prompt(console, "New password: ", true);
        } catch (MissingPassword e) {
          throw new CliFailure(1, e.getMessage());
        }
      }
      if (password.length == 0) {
        throw new CliFailure(1, "an empty password is refused: anyone could open the repository with it");
      }
      return password;
    }
  }

  /** The options every key subcommand shares, and how it opens the keys. */
  abstract static class KeySubcommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RepositoryOptions options;
    @Mixin PasswordOptions password;

    @Override
    public Integer call() {
      Path repository = options.repository();
      try (RepositoryKeys keys = RepositoryKeys.open(repository, password.passwords())) {
        PrintWriter out = spec.commandLine().getOut();
        run(keys, repository, out);
        out.flush();
      }
      return 0;
    }

    abstract void run(RepositoryKeys keys, Path repository, PrintWriter out);

    /** Adds a key for the new password, wiping it once written. */
    static String add(RepositoryKeys keys, char[] newPassword) {
      try {
        return keys.add(newPassword, Requests.hostName(), System.getProperty("user.name", ""));
      } finally {
        Arrays.fill(newPassword, '\0');
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "List the keys, oldest first; * marks the one the password given opens.")
  static final class ListKeys extends KeySubcommand {
    @Override
    void run(RepositoryKeys keys, Path repository, PrintWriter out) {
      String row = "%1s %-8s  %-20s  %-20s  %s";
      out.println(String.format(Locale.ROOT, row, "", "ID", "CREATED", "HOST", "USER"));
      for (RepositoryKeys.Key key : keys.list()) {
        out.println(String.format(Locale.ROOT, row, key.inUse() ? "*" : "", RepositoryKeys.shortId(key.id()),
            key.created() == null ? "(unreadable)" : key.created().truncatedTo(ChronoUnit.SECONDS),
            TerminalText.escape(key.host()), TerminalText.escape(key.user())));
      }
    }
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add a key for a new password; the passwords REPO had still open it.")
  static final class AddKey extends KeySubcommand {
    @Mixin NewPassword newPassword;

    @Override
    void run(RepositoryKeys keys, Path repository, PrintWriter out) {
      String id = add(keys, newPassword.read());
      out.println("added key " + RepositoryKeys.shortId(id) + " to " + repository + ": the new password opens it too");
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Remove a key by its id (or a prefix): its password no longer opens REPO. The last key is "
          + "never removed; the one in use only with --force.")
  static final class RemoveKey extends KeySubcommand {
    @Parameters(paramLabel = "ID", description = "The key's id, or the start of it, as cairn key list shows it.")
    String id;

    @Option(names = "--force", description = "Remove the key the password given opens, too.")
    boolean force;

    @Override
    void run(RepositoryKeys keys, Path repository, PrintWriter out) {
      String removed = keys.remove(id.toLowerCase(Locale.ROOT), force);
      out.println("removed key " + RepositoryKeys.shortId(removed) + " from " + repository
          + ": its password no longer opens it");
    }
  }

  @Command(name = "passwd", mixinStandardHelpOptions = true,
      description = "Change the password: add a key for a new one, then remove the key of the one given.")
  static final class ChangePassword extends KeySubcommand {
    @Mixin NewPassword newPassword;

    @Override
    void run(RepositoryKeys keys, Path repository, PrintWriter out) {
      String added = add(keys, newPassword.read());
      String removed = keys.remove(keys.inUse(), true);
      out.println("changed the password of " + repository + ": added key " + RepositoryKeys.shortId(added)
          + ", removed key " + RepositoryKeys.shortId(removed) + "; the old password no longer opens it");
    }
  }
}
