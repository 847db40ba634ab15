package dev.cairn.gateway;

import dev.cairn.common.Addresses;
import dev.cairn.common.TerminalText;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.message.StoreMessages.ListSnapshots;
import dev.cairn.common.message.StoreMessages.SnapshotList;
import io.vertx.core.json.JsonArray;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** SnapshotsCommand lists a repository's snapshots, oldest first. */
@Command(name = "snapshots", mixinStandardHelpOptions = true,
    description = "List the snapshots in the repository, oldest first.")
final class SnapshotsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RepositoryOptions options;
  @Mixin PasswordOptions password;

  @Option(names = "--json", description = "Print a JSON array with every field, for scripts.")
  boolean json;

  @Override
  public Integer call() {
    try (CairnNode node = CairnNode.open(options.repository(), password.existing())) {
      SnapshotList list = Requests.ask(node, Addresses.STORE_SNAPSHOTS, new ListSnapshots());
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      // A damaged snapshot file hides no other snapshot: it is named, and the rest are listed.
      list.damaged().forEach(line -> err.println("cairn: warning: " + TerminalText.escape(line)));
      err.flush();
      if (json) {
        JsonArray array = new JsonArray();
        list.snapshots().forEach(s -> array.add(s.toJson()));
        out.println(array.encodePrettily());
      } else {
        out.println(FormatLine.of(node));
        out.println(String.format(Locale.ROOT, "%-8s  %-20s  %-16s  %10s  %10s  %s", "ID", "TIME", "HOST", "FILES", "SIZE", "PATHS"));
        for (Snapshot s : list.snapshots()) {
          out.println(String.format(Locale.ROOT, "%-8s  %-20s  %-16s  %10s  %10s  %s", s.id().shortHex(),
              s.time().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), TerminalText.escape(s.host()), Units.count(s.totals().files()),
              Units.bytes(s.totals().bytes()), TerminalText.escape(String.join(" ", s.paths()))));
        }
        out.println(Units.count(list.snapshots().size()) + (list.snapshots().size() == 1 ? " snapshot" : " snapshots"));
      }
      out.flush();
      return 0;
    }
  }
}
