package dev.cairn.gateway;

import dev.cairn.common.Addresses;
import dev.cairn.common.TerminalText;
import dev.cairn.common.crypto.Compression;
import dev.cairn.store.RepositorySetup;
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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** BackupCommand backs up paths into a new snapshot; with {@code --init}, into a repository it makes if there is none. */
@Command(name = "backup", mixinStandardHelpOptions = true,
    description = {
      "Back up files and directories into a new snapshot.",
      "REPO must exist (cairn init makes one); with --init, a missing or empty REPO becomes a new repository, "
          + "encrypted unless --no-encryption is given. Only content the repository lacks is stored, and files unchanged since "
          + "the parent snapshot (same size, times and inode) are not read at all. Symbolic links are stored as "
          + "links, never followed; FIFOs, sockets and devices are skipped with a warning.",
      "The last line of output is 'snapshot <id>' (with --json, the finished job). Exits 3 if some files could "
          + "not be read."
    })
final class BackupCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RepositoryOptions options;
  @Mixin PasswordOptions password;
  @Mixin NewRepositoryOptions create;

  @Option(names = "--init", description = "Create REPO first if it is missing or empty (as cairn init does).")
  boolean init;

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
    Compression compression = create.compression();
    String compressionName = compression == null ? "" : compression.toString();
    if (!init && create.noEncryption) {
      throw new CommandLine.ParameterException(spec.commandLine(), "--no-encryption goes with --init only");
    }
    RepositorySetup setup = init ? create.creating(password.passwords()) : RepositorySetup.existing(password.passwords());
    String jobId = Requests.newJobId();
    Instant now = Instant.now();
    Job job = Job.queued(jobId, new BackupRequest(sources, force, false, compressionName), now).running(now);
    var err = spec.commandLine().getErr();
    CairnNode node = CairnNode.open(repository, setup);

    Snapshot snapshot;
    try (StopOnSignal stop = StopOnSignal.install(node, jobId, err)) {
      try {
        snapshot = run(node, jobId, sources, compressionName, job);
      } catch (RuntimeException e) {
        if (!stop.requested()) {
          throw e;
        }
        snapshot = null;
      } finally {
        node.close();
      }
      if (snapshot == null) {
        // Said here, before the stop lets the JVM go: the exit status is the signal's.
        err.println("cairn: backup stopped before it finished: no snapshot was written; what it stored is kept, "
            + "and the next backup of these paths reuses it");
        err.flush();
        return 1;
      }
    }
    snapshot.skipped().forEach(s -> err.println("cairn: warning: skipped " + TerminalText.escape(s)));
    snapshot.errors().forEach(e -> err.println("cairn: not backed up: " + TerminalText.escape(e)));
    err.flush();
    var out = spec.commandLine().getOut();
    if (!json) {
      out.println(summary(snapshot));
      out.println("snapshot " + snapshot.id().hex());
    }
    out.flush();
    return snapshot.errors().isEmpty() ? 0 : 3;
  }

  /** Runs the backup on {@code node}, following its progress on the terminal or as JSON lines. */
  private Snapshot run(CairnNode node, String jobId, List<String> sources, String compression, Job job) {
    try (ProgressLine progress = json ? null : ProgressLine.follow(spec.commandLine().getErr(), node.bus(), jobId);
        JobLines lines = JobLines.follow(json, spec.commandLine().getOut(), node.bus(), job)) {
      Future<Snapshot> answer = Requests.send(node, Addresses.SCANNER_BACKUP,
          new Backup(jobId, sources, host == null ? Requests.hostName() : host, force, false, compression));
      return lines == null ? Await.result(answer) : lines.await(answer, s -> s.id().hex());
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
