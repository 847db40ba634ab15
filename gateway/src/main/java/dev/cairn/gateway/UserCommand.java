package dev.cairn.gateway;

import dev.cairn.gateway.auth.CredentialsFile;
import dev.cairn.gateway.auth.GatewayUser;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** UserCommand adds, lists and removes the people who sign in to the page with a password. */
@Command(name = "user", mixinStandardHelpOptions = true,
    description = "Add, list and remove users who sign in to the page.",
    subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Remove.class})
final class UserCommand implements Runnable {
  /** Shorter passwords are refused: the page is a door to every file backed up. */
  static final int MIN_PASSWORD = 10;

  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command: add, list or remove");
  }

  /** {@code cairn user add NAME --role ROLE}. */
  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add a user; the password is asked twice on the terminal, or read from --password-file.")
  static final class Add implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin StateDirOption state;

    @Parameters(paramLabel = "NAME", description = "The name typed at sign-in.")
    String name;

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer, operator or admin.")
    String role;

    @Option(names = "--password-file", paramLabel = "FILE",
        description = "Read the password from the first line of FILE ('-': standard input) instead of asking.")
    Path passwordFile;

    @Override
    public Integer call() throws IOException {
      char[] password = passwordFile != null ? fromFile() : prompt();
      try {
        if (password.length < MIN_PASSWORD) {
          throw new CliFailure(1, "the password is too short: at least " + MIN_PASSWORD + " characters");
        }
        GatewayUser user = new CredentialsFile(state.path()).addUser(name, TokenCommand.role(spec, role), password);
        spec.commandLine().getOut().println("added " + user.name() + " (" + user.role().wire() + ")");
        return 0;
      } catch (IllegalArgumentException e) {
        throw new CliFailure(1, e.getMessage());
      } finally {
        Arrays.fill(password, '\0');
      }
    }

    private char[] fromFile() throws IOException {
      String line;
      try {
        BufferedReader in = passwordFile.toString().equals("-")
            ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
            : Files.newBufferedReader(passwordFile, StandardCharsets.UTF_8);
        line = in.readLine();
      } catch (NoSuchFileException e) {
        throw new CliFailure(1, "no password file " + passwordFile);
      }
      if (line == null) {
        throw new CliFailure(1, "the password file " + passwordFile + " is empty");
      }
      return line.toCharArray();
    }

    private static char[] prompt() {
      Console console = System.console();
      if (console == null) {
        throw new CliFailure(1, "no terminal to ask the password on: give --password-file FILE");
      }
      char[] first = console.readPassword("Password: ");
      char[] second = console.readPassword("Password again: ");
      if (first == null || second == null || !Arrays.equals(first, second)) {
        throw new CliFailure(1, "the two passwords differ");
      }
      Arrays.fill(second, '\0');
      return first;
    }
  }

  /** {@code cairn user list}: names, roles and dates. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List users: name, role, created.")
  static final class ListUsers implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin StateDirOption state;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      for (GatewayUser u : new CredentialsFile(state.path()).users()) {
        out.printf("%-20s  %-8s  %s%n", u.name(), u.role().wire(), u.created());
      }
      out.flush();
      return 0;
    }
  }

  /** {@code cairn user remove NAME}. */
  @Command(name = "remove", mixinStandardHelpOptions = true,
      description = "Remove a user; their sessions end at their next request.")
  static final class Remove implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin StateDirOption state;

    @Parameters(paramLabel = "NAME")
    String name;

    @Override
    public Integer call() throws IOException {
      try {
        new CredentialsFile(state.path()).removeUser(name);
        spec.commandLine().getOut().println("removed " + name);
        return 0;
      } catch (IllegalArgumentException e) {
        throw new CliFailure(1, e.getMessage());
      }
    }
  }
}
