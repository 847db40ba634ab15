package dev.cairn.gateway;

import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** RepositoryOptions are the options every command shares: where the repository is, and how loud to be. */
final class RepositoryOptions {
  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE) CommandLine.Model.CommandSpec spec;

  @Option(names = {"-r", "--repo"}, paramLabel = "REPO", defaultValue = "${env:CAIRN_REPO}",
      description = "The repository directory (default: the CAIRN_REPO environment variable).")
  Path repo;

  @Option(names = {"-v", "--verbose"}, description = "Print stack traces with errors.")
  boolean verbose;

  /** The repository path, or a usage error if none was given. */
  Path repository() {
    if (repo == null) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Missing --repo REPO (or set CAIRN_REPO)");
    }
    return repo.toAbsolutePath().normalize();
  }
}
