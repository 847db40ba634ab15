package dev.cairn.gateway;

import dev.cairn.common.Addresses;
import dev.cairn.common.message.StoreMessages.Check;
import dev.cairn.common.message.StoreMessages.CheckReport;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** CheckCommand verifies the repository and names every damage it finds. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = {
      "Verify the repository: every pack the index names exists, every snapshot is intact, and every tree "
          + "and chunk a snapshot needs is indexed.",
      "With --read-data, also read every pack and verify every chunk against its hash.",
      "Each problem names the pack, chunk, snapshot and file it concerns; any problem exits 1."
    })
final class CheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RepositoryOptions options;

  @Option(names = "--read-data", description = "Read and verify all stored data (slow: reads the whole repository).")
  boolean readData;

  @Override
  public Integer call() {
    try (CairnNode node = CairnNode.open(options.repository(), false)) {
      CheckReport report = Requests.ask(node, Addresses.STORE_CHECK, new Check(readData));
      PrintWriter out = spec.commandLine().getOut();
      report.problems().forEach(out::println);
      out.println("checked " + Units.count(report.snapshots()) + " snapshots, " + Units.count(report.packs())
          + " packs, " + Units.count(report.blobs()) + " blobs"
          + (readData ? ", read " + Units.bytes(report.bytesRead()) : "")
          + ": " + (report.problems().isEmpty() ? "no problems found" : report.problems().size() + " problems"));
      out.flush();
      if (!report.problems().isEmpty()) {
        throw new CliFailure(1, "the repository is damaged: " + report.problems().size() + " problems");
      }
      return 0;
    }
  }
}
