package dev.cairn.gateway;

import dev.cairn.common.Addresses;
import dev.cairn.common.TerminalText;
import dev.cairn.common.message.ScannerMessages.ListTree;
import dev.cairn.common.message.ScannerMessages.ListedEntry;
import dev.cairn.common.message.ScannerMessages.Listing;
import dev.cairn.common.tree.Node;
import dev.cairn.gateway.http.NodeJson;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** LsCommand lists what a snapshot holds at and below a path. */
@Command(name = "ls", mixinStandardHelpOptions = true,
    description = "List the entries of a snapshot at and below PATH (default: everything), with mode (set-uid, "
        + "set-gid and sticky bits included), owner (user/group, ids where there is no name), size (a device's "
        + "major, minor), modification time and path; links show their target.")
final class LsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RepositoryOptions options;
  @Mixin PasswordOptions password;

  @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "A snapshot id, a unique prefix of one, or 'latest'.")
  String snapshot;

  @Parameters(index = "1", arity = "0..1", paramLabel = "PATH", description = "A path inside the snapshot, e.g. /home/me.")
  String path;

  @Override
  public Integer call() {
    try (CairnNode node = CairnNode.open(options.repository(), password.existing())) {
      Listing listing = Requests.ask(node, Addresses.SCANNER_LIST, new ListTree(snapshot, path == null ? "/" : path));
      PrintWriter out = spec.commandLine().getOut();
      for (ListedEntry e : listing.entries()) {
        out.println(line(e));
      }
      out.flush();
      return 0;
    }
  }

  static String line(ListedEntry e) {
    Node n = e.node();
    String link = n.kind() == Node.Kind.SYMLINK ? " -> " + TerminalText.escape(n.linkTarget()) : "";
    Instant mtime = Instant.ofEpochSecond(0, n.mtimeNanos()).truncatedTo(ChronoUnit.SECONDS);
    String size = n.kind() == Node.Kind.CHAR_DEVICE || n.kind() == Node.Kind.BLOCK_DEVICE ? NodeJson.device(n)
        : Long.toString(n.size());
    return String.format(Locale.ROOT, "%s %-17s %12s %s %s%s", NodeJson.mode(n), TerminalText.escape(NodeJson.owner(n)),
        size, mtime, TerminalText.escape(e.path()), link);
  }
}
