package dev.cairn.gateway;

import dev.cairn.gateway.auth.AccessRole;
import dev.cairn.gateway.auth.ApiToken;
import dev.cairn.gateway.auth.CredentialsFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * TokenCommand makes, lists and revokes the gateway's API tokens. A running gateway sees each
 * change at its next request.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Make, list and revoke API tokens, sent as 'Authorization: Bearer TOKEN'.",
    subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {
  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command: create, list or revoke");
  }

  static AccessRole role(CommandLine.Model.CommandSpec spec, String name) {
    try {
      return AccessRole.parse(name);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** {@code cairn token create}: prints the new token, once. */
  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Make a token and print it; it is shown this once and kept only as a hash.")
  static final class Create implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin StateDirOption state;

    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer, operator or admin.")
    String role;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "token", description = "What the token is for.")
    String name;

    @Override
    public Integer call() throws IOException {
      ApiToken.Issued issued = new CredentialsFile(state.path()).createToken(role(spec, role), name);
      PrintWriter out = spec.commandLine().getOut();
      out.println(issued.text());
      out.flush();
      spec.commandLine().getErr().println("cairn: token " + issued.token().id() + " (" + issued.token().role().wire()
          + "); keep it now, it is not shown again");
      return 0;
    }
  }

  /** {@code cairn token list}: ids, names, roles and dates, never a secret. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens: id, name, role, created.")
  static final class ListTokens implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin StateDirOption state;

    @Override
    public Integer call() throws IOException {
      PrintWriter out = spec.commandLine().getOut();
      for (ApiToken t : new CredentialsFile(state.path()).tokens()) {
        out.printf("%s  %-8s  %s  %s%n", t.id(), t.role().wire(), t.created(), t.name());
      }
      out.flush();
      return 0;
    }
  }

  /** {@code cairn token revoke ID}. */
  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "Revoke a token; a running gateway refuses it from its next request.")
  static final class Revoke implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;
    @Mixin StateDirOption state;

    @Parameters(paramLabel = "ID", description = "The token's id, as token list shows it.")
    String id;

    @Override
    public Integer call() throws IOException {
      try {
        ApiToken gone = new CredentialsFile(state.path()).revokeToken(id);
        spec.commandLine().getOut().println("revoked " + gone.id() + " (" + gone.name() + ")");
        return 0;
      } catch (IllegalArgumentException e) {
        throw new CliFailure(1, e.getMessage());
      }
    }
  }
}
