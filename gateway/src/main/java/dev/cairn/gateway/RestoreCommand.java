package dev.cairn.gateway;

import dev.cairn.common.Addresses;
import dev.cairn.common.TerminalText;
import dev.cairn.common.message.ScannerMessages.Restore;
import dev.cairn.common.message.ScannerMessages.RestoreSummary;
import dev.cairn.gateway.jobs.Job;
import dev.cairn.gateway.jobs.JobRequest.RestoreRequest;
import io.vertx.core.Future;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** RestoreCommand writes a snapshot, or one path of it, back under a target directory. */
@Command(name = "restore", mixinStandardHelpOptions = true,
    description = {
      "Restore a snapshot under DIR. A path backed up as /a/b is restored at DIR/a/b.",
      "Every chunk is verified before it is written; nothing is written outside DIR. Existing files at the "
          + "same paths are overwritten.",
      "Run as root, it gives every entry back to its owner, by name where the name exists here. A set-uid or "
          + "set-gid bit stays only on an entry given back to its owner."
    })
final class RestoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RepositoryOptions options;
  @Mixin PasswordOptions password;

  @Parameters(index = "0", paramLabel = "SNAPSHOT", description = "A snapshot id, a unique prefix of one, or 'latest'.")
  String snapshot;

  @Option(names = {"-t", "--target"}, required = true, paramLabel = "DIR", description = "The directory to restore into.")
  Path target;

  @Option(names = "--json", description = "Print the job as JSON lines instead: one per progress event, the last "
      + "one when it has ended. The same JSON as the web API.")
  boolean json;

  @Option(names = {"-i", "--include"}, paramLabel = "PATH", description = "Restore only this path of the snapshot, e.g. /home/me/docs.")
  String include;

  @Option(names = "--numeric-owner", description = "Give entries back to the user and group ids the snapshot "
      + "recorded, never matching owners by name on this machine.")
  boolean numericOwner;

  @Option(names = "--set-id-bits", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Restore set-uid and set-gid bits on entries given back to their owner (the default); "
          + "--no-set-id-bits strips them from every entry.")
  boolean setIdBits;

  @Option(names = "--trust-target", description = "Write into directories on the way to DIR, or inside it, "
      + "that another user could change while the restore runs. Without it such a directory stops the restore: "
      + "whoever can change it could redirect what is written.")
  boolean trustTarget;

  @Override
  public Integer call() {
    String jobId = Requests.newJobId();
    String targetPath = target.toAbsolutePath().normalize().toString();
    Instant now = Instant.now();
    Job job = Job.queued(jobId, new RestoreRequest(snapshot, targetPath, include, numericOwner, setIdBits, trustTarget), now).running(now);
    try (CairnNode node = CairnNode.open(options.repository(), password.existing())) {
      RestoreSummary summary;
      try (ProgressLine progress = json ? null : ProgressLine.follow(spec.commandLine().getErr(), node.bus(), jobId);
          JobLines lines = JobLines.follow(json, spec.commandLine().getOut(), node.bus(), job)) {
        Future<RestoreSummary> answer = Requests.send(node, Addresses.SCANNER_RESTORE,
            new Restore(jobId, snapshot, targetPath, include, numericOwner, setIdBits, trustTarget));
        summary = lines == null ? Await.result(answer) : lines.await(answer, RestoreSummary::snapshot);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (!json) {
        out.println("Restored " + Units.count(summary.files()) + " files in " + Units.count(summary.directories())
            + " directories, " + Units.bytes(summary.bytes()) + ", from snapshot " + summary.snapshot() + " to " + target);
      }
      out.flush();
      if (!summary.errors().isEmpty()) {
        PrintWriter err = spec.commandLine().getErr();
        summary.errors().forEach(e -> err.println("cairn: " + TerminalText.escape(e)));
        throw new CliFailure(1, summary.errors().size() + " entries could not be restored");
      }
      return 0;
    }
  }
}
