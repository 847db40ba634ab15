package dev.cairn.gateway;

import dev.cairn.common.Addresses;
import dev.cairn.common.message.ScannerMessages.Backup;
import dev.cairn.common.message.Snapshot;
import dev.cairn.gateway.jobs.Job;
import dev.cairn.gateway.jobs.JobRequest.BackupRequest;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** BackupCommand backs up paths into a new snapshot, creating the repository if it does not exist. */
@Command(name = "backup", mixinStandardHelpOptions = true,
    description = {
      "Back up files and directories into a new snapshot.",
      "Creates REPO if it does not exist. Only content the repository lacks is stored, and files unchanged since "
          + "the parent snapshot (same size, times and inode) are not read at all. Symbolic links are stored as "
          + "links, never followed; FIFOs, sockets and devices are skipped with a warning.",
      "The last line of output is 'snapshot <id>' (with --json, the finished job). Exits 3 if some files could "
          + "not be read."
    })
final class BackupCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RepositoryOptions options;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories to back up.")
  List<Path> paths;

  @Option(names = "--host", paramLabel = "NAME", description = "Host name to record (default: this machine's).")
  String host;

  @Option(names = "--json", description = "Print the job as JSON lines instead: one per progress event (a few a "
      + "second), the last one when it has ended, with 'snapshot'. The same JSON as the web API.")
  boolean json;

  @Option(names = "--force", description = "Read every file, even those unchanged since the parent snapshot "
      + "(the latest snapshot of this host and these paths).")
  boolean force;

  @Override
  public Integer call() {
    Path repository = options.repository();
    List<String> sources = new ArrayList<>();
    for (Path p : paths) {
      Path absolute = p.toAbsolutePath().normalize();
      if (!Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
        throw new CliFailure(1, "source " + p + " does not exist");
      }
      sources.add(absolute.toString());
    }
    String jobId = Requests.newJobId();
    Instant now = Instant.now();
    Job job = Job.queued(jobId, new BackupRequest(sources, force), now).running(now);
    try (CairnNode node = CairnNode.open(repository, true)) {
      Snapshot snapshot;
      var out = spec.commandLine().getOut();
      try (ProgressLine progress = json ? null : ProgressLine.follow(spec.commandLine().getErr(), node.bus(), jobId);
          JobLines lines = JobLines.follow(json, out, node.bus(), job)) {
        Future<Snapshot> answer = Requests.send(node, Addresses.SCANNER_BACKUP,
            new Backup(jobId, sources, host == null ? Requests.hostName() : host, force));
        snapshot = lines == null ? Await.result(answer) : lines.await(answer, s -> s.id().hex());
      }
      var err = spec.commandLine().getErr();
      snapshot.skipped().forEach(s -> err.println("cairn: warning: skipped " + s));
      snapshot.errors().forEach(e -> err.println("cairn: not backed up: " + e));
      err.flush();
      if (!json) {
        out.println(summary(snapshot));
        out.println("snapshot " + snapshot.id().hex());
      }
      out.flush();
      return snapshot.errors().isEmpty() ? 0 : 3;
    }
  }

  private static String summary(Snapshot s) {
    Snapshot.Totals t = s.totals();
    long millis = java.time.Duration.between(s.time(), java.time.Instant.now()).toMillis();
    String ratio = t.newBytes() == 0 ? "all data already stored"
        : String.format(Locale.ROOT, "deduplication %.2fx", (double) t.bytes() / t.newBytes());
    String unchanged = t.unchangedFiles() == 0 ? "" : " (" + Units.count(t.unchangedFiles()) + " unchanged, not read)";
    return "Backed up " + Units.count(t.files()) + " files" + unchanged + " in " + Units.count(t.directories())
        + " directories, " + Units.bytes(t.bytes()) + " in " + Units.seconds(millis) + "; stored " + Units.bytes(t.newBytes())
        + " new (" + ratio + ")" + (s.errors().isEmpty() ? "" : "; " + s.errors().size() + " errors");
  }
}
