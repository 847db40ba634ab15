package dev.cairn.gateway;

import dev.cairn.common.Addresses;
import dev.cairn.common.message.MaintenanceMessages.PackUse;
import dev.cairn.common.message.MaintenanceMessages.Prune;
import dev.cairn.common.message.MaintenanceMessages.PruneReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** PruneCommand reclaims the space of data no snapshot needs. */
@Command(name = "prune", mixinStandardHelpOptions = true,
    description = {
      "Reclaim the space of data no snapshot needs (after forget): marks every chunk and tree the snapshots use, "
          + "removes packs holding none of them, and repacks packs less than half in use; packs mostly in use "
          + "are left untouched.",
      "Safe while backups run: prune plans first, then waits (up to a minute) for running backups and restores "
          + "to end before it deletes anything, refusing new ones from then until it is done. If they do "
          + "not end in time it deletes nothing and says so; run it again later.",
      "Example: cairn prune --repo /srv/backups --dry-run"
    })
final class PruneCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RepositoryOptions options;
  @Mixin PasswordOptions password;

  @Option(names = {"-n", "--dry-run"}, description = "Only print what would be removed and repacked and the space "
      + "it would free; change nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    try (CairnNode node = CairnNode.open(options.repository(), password.existing())) {
      PruneReport report = Requests.ask(node, Addresses.STORE_PRUNE, new Prune(dryRun));
      PrintWriter out = spec.commandLine().getOut();
      String remove = dryRun ? "would remove" : "removed";
      String repack = dryRun ? "would repack" : "repacked";
      for (PackUse p : report.removed()) {
        out.println(remove + " pack " + p.pack().hex() + "  " + Units.bytes(p.bytes()) + ", nothing in use");
      }
      for (PackUse p : report.repacked()) {
        out.println(repack + " pack " + p.pack().hex() + "  " + Units.bytes(p.bytes()) + ", "
            + Units.bytes(p.liveBytes()) + " in use");
      }
      long freed = report.packBytes() - report.packBytesAfter();
      out.println(Units.count(report.snapshots()) + " snapshots, " + Units.count(report.packs()) + " packs: "
          + remove + " " + Units.count(report.removed().size()) + " packs, " + repack + " "
          + Units.count(report.repacked().size()) + "; " + Units.bytes(report.packBytes()) + " -> "
          + Units.bytes(report.packBytesAfter()) + ", " + (dryRun ? "would free " : "freed ") + Units.bytes(freed)
          + (dryRun ? " (dry run: nothing was changed)" : ""));
      out.flush();
      return 0;
    }
  }
}
