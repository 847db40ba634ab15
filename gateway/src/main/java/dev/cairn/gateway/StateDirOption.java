package dev.cairn.gateway;

import dev.cairn.gateway.http.GatewaySecurity;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** StateDirOption is {@code --state-dir}, as {@code serve} and the credential commands take it. */
final class StateDirOption {
  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "The gateway's own directory, as serve takes it (default: $CAIRN_STATE_DIR, else "
          + "$XDG_STATE_HOME/cairn, else ~/.local/state/cairn).")
  Path stateDir;

  @Option(names = {"-v", "--verbose"}, description = "Print stack traces with errors.")
  boolean verbose;

  /** The directory given, or the default one. */
  Path path() {
    return stateDir != null ? stateDir.toAbsolutePath().normalize() : GatewaySecurity.defaultStateDir();
  }
}
