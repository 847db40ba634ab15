package dev.cairn.gateway;

import dev.cairn.common.RawPaths;
import dev.cairn.common.TerminalText;
import dev.cairn.common.blake3.Blake3Runtime;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** CairnCommand is the {@code cairn} command line: one subcommand per job a user runs. */
@Command(
    name = "cairn",
    mixinStandardHelpOptions = true,
    versionProvider = CairnCommand.Version.class,
    description = "Deduplicating backup: back up file trees into a content-addressed repository, then list, "
        + "browse, restore and check them, forget old ones and reclaim their space, from the command line or from a web page (serve).",
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0  success",
      "  1  failure (one line says why; --verbose adds the stack trace)",
      "  2  bad usage",
      "  3  backup finished, but some files could not be read (each named on stderr)",
      "  143  backup stopped by SIGTERM (130: Ctrl-C); nothing committed, what it stored is reused next time",
      "",
      "The repository may also be given by the CAIRN_REPO environment variable; the password of an encrypted one "
          + "by --password-file, CAIRN_PASSWORD_FILE, CAIRN_PASSWORD or CAIRN_PASSWORD_COMMAND, else a prompt."
    })
public final class CairnCommand implements Runnable {
  /** Held so that its level outlives garbage collection until Hazelcast makes its loggers. */
  private static final Logger HAZELCAST_LOG = Logger.getLogger("com.hazelcast");

  /** The subcommands by name, in the order help lists them. */
  private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The environment the command line runs with: passwords are looked up here, so tests can set it. */
  private final Map<String, String> environment;

  private CairnCommand(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  /** The environment this command line runs with. */
  Map<String, String> environment() {
    return environment;
  }

  private static Map<String, Supplier<Object>> subcommands() {
    Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
    commands.put("init", InitCommand::new);
    commands.put("backup", BackupCommand::new);
    commands.put("snapshots", SnapshotsCommand::new);
    commands.put("ls", LsCommand::new);
    commands.put("restore", RestoreCommand::new);
    commands.put("check", CheckCommand::new);
    commands.put("forget", ForgetCommand::new);
    commands.put("prune", PruneCommand::new);
    commands.put("serve", ServeCommand::new);
    commands.put("key", KeyCommand::new);
    commands.put("token", TokenCommand::new);
    commands.put("user", UserCommand::new);
    commands.put("cluster", ClusterCommand::new);
    commands.put("help", CommandLine.HelpCommand::new);
    return Collections.unmodifiableMap(commands);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command: init, backup, snapshots, ls, "
        + "restore, check, forget, prune, serve, key, token, user or cluster");
  }

  /** Runs the command line with {@code environment} (main passes the process's) and returns its exit code. */
  public static int execute(String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
    Logger.getLogger("io.netty").setLevel(Level.WARNING);
    HAZELCAST_LOG.setLevel(Level.WARNING);
    CommandLine cli = commandLine(environment, args);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler((e, line, parsed) -> {
      CliFailure failure = CliFailure.from(e);
      line.getErr().println("cairn: " + TerminalText.escape(failure.getMessage()));
      if (isVerbose(parsed)) {
        e.printStackTrace(line.getErr());
      }
      line.getErr().flush();
      return failure.exitCode();
    });
    return cli.execute(args);
  }

  /**
   * The command line for {@code args}. A run that names its subcommand first gets only that
   * subcommand: picocli builds every subcommand it is given from its annotations, which costs a
   * cold JVM tens of milliseconds, on every command. Help, a mistyped command or none at all get
   * every subcommand, so that help lists them and a mistake is answered with the right ones.
   */
  static CommandLine commandLine(Map<String, String> environment, String... args) {
    CommandLine cli = new CommandLine(new CairnCommand(environment));
    Supplier<Object> named = args.length > 0 && !args[0].equals("help") ? SUBCOMMANDS.get(args[0]) : null;
    if (named != null) {
      cli.addSubcommand(args[0], named.get());
    } else {
      SUBCOMMANDS.forEach((name, command) -> cli.addSubcommand(name, command.get()));
    }
    return cli;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true);
    PrintWriter err = new PrintWriter(System.err, true);
    int code = execute(args, System.getenv(), out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  private static boolean isVerbose(CommandLine.ParseResult parsed) {
    for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }

  /** Prints the version and how this build hashes and reads file names. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = CairnCommand.class.getPackage().getImplementationVersion();
      return new String[] {
        "cairn " + (version == null ? "(development build)" : version),
        "hash: blake3-256, " + Blake3Runtime.implementation(),
        "file names: " + (RawPaths.exact() ? "byte-exact" : "UTF-8 only (run with --add-opens java.base/sun.nio.fs=ALL-UNNAMED)"),
        "java: " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"
      };
    }
  }
}
