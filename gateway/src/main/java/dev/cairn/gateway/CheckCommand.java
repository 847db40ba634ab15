package dev.cairn.gateway;

import dev.cairn.common.Addresses;
import dev.cairn.common.TerminalText;
import dev.cairn.common.message.StoreMessages.Check;
import dev.cairn.common.message.StoreMessages.CheckReport;
import dev.cairn.store.PackSample;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** CheckCommand verifies the repository and names every damage it finds. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {
      "Verify the repository: every pack the index names exists, every snapshot is intact, and every tree "
          + "and chunk a snapshot needs is indexed.",
      "With --read-data, also read every pack and verify every chunk against its hash; with "
          + "--read-data-subset, only some of the packs.",
      "Each problem names the pack, chunk, snapshot and file it concerns; any problem exits 1."
    })
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RepositoryOptions options;
  @Mixin PasswordOptions password;

  @Option(names = "--read-data", description = "Read and verify all stored data (slow: reads the whole repository).")
  boolean readData;

  @Option(names = "--read-data-subset", paramLabel = "SUBSET",
      description = "Read and verify the data of some packs only: a share such as 10%% (chosen at random), "
          + "or part n of m such as 1/5 (parts 1/5 to 5/5 together read every pack once).")
  String subset;

  @Option(names = "--seed", paramLabel = "N",
      description = "Seed that chooses the packs of a --read-data-subset share, to repeat a run (default: random, printed).")
  Long seed;

  @Override
  public Integer call() {
    PackSample sample = PackSample.ALL;
    if (subset != null) {
      try {
        sample = PackSample.parse(subset);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--read-data-subset " + e.getMessage());
      }
    }
    boolean reading = readData || subset != null;
    long chosenSeed = seed != null ? seed : ThreadLocalRandom.current().nextLong();
    try (CairnNode node = CairnNode.open(options.repository(), password.existing())) {
      CheckReport report = Requests.ask(node, Addresses.STORE_CHECK,
          new Check(reading, subset == null ? "" : subset, chosenSeed));
      PrintWriter out = spec.commandLine().getOut();
      out.println(FormatLine.of(node));
      report.problems().forEach(p -> out.println(TerminalText.escape(p)));
      out.println("checked " + Units.count(report.snapshots()) + " snapshots, " + Units.count(report.packs())
          + " packs, " + Units.count(report.blobs()) + " blobs"
          + (reading ? ", read " + Units.bytes(report.bytesRead()) + sampled(report, sample, chosenSeed) : "")
          + ": " + (report.problems().isEmpty() ? "no problems found" : report.problems().size() + " problems"));
      out.flush();
      if (!report.problems().isEmpty()) {
        throw new CliFailure(1, "the repository is damaged: " + report.problems().size() + " problems");
      }
      return 0;
    }
  }

  /** Says which share of the packs a subset read, and the seed that chose them. */
  private String sampled(CheckReport report, PackSample sample, long chosenSeed) {
    if (subset == null) {
      return "";
    }
    double share = report.packs() == 0 ? 100 : 100.0 * report.packsRead() / report.packs();
    return String.format(Locale.ROOT, " from %s of %s packs (%.1f%%, subset %s%s)", Units.count(report.packsRead()),
        Units.count(report.packs()), share, sample, sample.isShare() ? ", seed " + chosenSeed : "");
  }
}
