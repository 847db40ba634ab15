package dev.cairn.gateway;

import dev.cairn.common.Addresses;
import dev.cairn.common.TerminalText;
import dev.cairn.common.message.MaintenanceMessages.Forget;
import dev.cairn.common.message.MaintenanceMessages.ForgetReport;
import dev.cairn.common.message.MaintenanceMessages.KeepRules;
import dev.cairn.common.message.MaintenanceMessages.Kept;
import dev.cairn.common.message.Snapshot;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** ForgetCommand removes the snapshots that retention rules do not keep. */
@Command(name = "forget", mixinStandardHelpOptions = true,
    description = {
      "Remove the snapshots that no --keep-* rule keeps. Snapshots are grouped by host and set of paths, and "
          + "each rule applies within each group, newest first; a snapshot any rule keeps stays.",
      "Only snapshot files are removed: run prune afterwards to reclaim the space of data no remaining snapshot "
          + "needs. At least one rule is required, so forget never removes every snapshot.",
      "Example: cairn forget --repo /srv/backups --keep-last 3 --keep-daily 7 --keep-weekly 4 --keep-monthly 12"
    })
final class ForgetCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RepositoryOptions options;
  @Mixin PasswordOptions password;

  @Option(names = "--keep-last", paramLabel = "N", description = "Keep the N newest snapshots.")
  int last;

  @Option(names = "--keep-daily", paramLabel = "N",
      description = "Keep the newest snapshot of each of the last N days that have one (in this machine's time zone).")
  int daily;

  @Option(names = "--keep-weekly", paramLabel = "N",
      description = "Keep the newest snapshot of each of the last N ISO weeks that have one.")
  int weekly;

  @Option(names = "--keep-monthly", paramLabel = "N",
      description = "Keep the newest snapshot of each of the last N months that have one.")
  int monthly;

  @Option(names = {"-n", "--dry-run"}, description = "Only list what would be kept and removed; change nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    if (last < 0 || daily < 0 || weekly < 0 || monthly < 0) {
      throw new CommandLine.ParameterException(spec.commandLine(), "A --keep-* count cannot be negative");
    }
    KeepRules rules = new KeepRules(last, daily, weekly, monthly);
    if (rules.isEmpty()) {
      throw new CommandLine.ParameterException(spec.commandLine(), "Missing a rule: give at least one of --keep-last, "
          + "--keep-daily, --keep-weekly or --keep-monthly (forget never removes every snapshot)");
    }
    try (CairnNode node = CairnNode.open(options.repository(), password.existing())) {
      ForgetReport report = Requests.ask(node, Addresses.STORE_FORGET,
          new Forget(rules, ZoneId.systemDefault().getId(), dryRun));
      PrintWriter out = spec.commandLine().getOut();
      for (Kept k : report.kept()) {
        out.println(line("keep", k.snapshot()) + "  (" + String.join(", ", k.reasons()) + ")");
      }
      for (Snapshot s : report.removed()) {
        out.println(line(dryRun ? "would remove" : "remove", s));
      }
      out.println(dryRun
          ? "dry run: " + Units.count(report.kept().size()) + " snapshots would be kept, "
              + Units.count(report.removed().size()) + " removed; nothing was changed"
          : Units.count(report.kept().size()) + " snapshots kept, " + Units.count(report.removed().size())
              + " removed" + (report.removed().isEmpty() ? "" : "; run prune to reclaim the space they used"));
      out.flush();
      return 0;
    }
  }

  private static String line(String action, Snapshot s) {
    return String.format(Locale.ROOT, "%-12s  %-8s  %-20s  %-16s  %s", action, s.id().shortHex(),
        s.time().truncatedTo(ChronoUnit.SECONDS), TerminalText.escape(s.host()),
        TerminalText.escape(String.join(" ", s.paths())));
  }
}
