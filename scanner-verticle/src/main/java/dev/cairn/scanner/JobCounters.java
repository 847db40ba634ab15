package dev.cairn.scanner;

import dev.cairn.common.message.Progress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JobCounters are the running totals of one job, the errors it met and the phase it is in, as
 * {@link Progress} reports them.
 *
 * <p>Threads: the scanner's event loop owns every field; it alone writes the counters and makes
 * the events. Two things cross to workers: {@link #walkDone}, which the file count running on a
 * worker reads to stop early, is volatile; the lists of errors and skipped entries are
 * synchronized, so a worker's report of a path may be added to them.
 */
final class JobCounters {
  final String jobId;
  final String kind;
  final long startMillis;
  private final Clock clock;
  private final Throughput throughput;
  String phase = Progress.PREPARING;
  long filesFound;
  long bytesFound;
  /** An estimate of the files the job will meet, or -1; see {@link Progress.Counters#filesTotal}. */
  private long filesTotal = -1;
  private long bytesTotal = -1;
  long filesDone;
  /** Files taken from the parent snapshot without being read. */
  long filesUnchanged;
  long bytesUnchanged;
  long bytesDone;
  /** Bytes read and hashed (backup), or verified and written (restore). */
  long bytesRead;
  long bytesNew;
  long blobsNew;
  long chunksNew;
  long chunksDuplicate;
  long directories;
  /** Whether the walk has met every entry; read by the file count on a worker, hence volatile. */
  volatile boolean walkDone;
  /** Directory trees sent to the store and not yet stored. */
  long treesInFlight;
  private BatchWindow<?, ?> window;
  /** What the hashers of each node did: files, bytes read, bytes sent to a remote store. */
  private final Map<String, long[]> workers = new LinkedHashMap<>();
  private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
  private final List<String> skipped = Collections.synchronizedList(new ArrayList<>());

  JobCounters(String jobId, String kind, Clock clock) {
    this.jobId = jobId;
    this.kind = kind;
    this.clock = clock;
    this.startMillis = clock.millis();
    this.throughput = new Throughput(startMillis);
  }

  /** Records what the whole job is expected to meet, until the walk knows for sure. */
  void estimate(long files, long bytes) {
    filesTotal = files;
    bytesTotal = bytes;
  }

  /** Reports the depths of {@code window} with every event. */
  void watch(BatchWindow<?, ?> batches) {
    this.window = batches;
  }

  /** Records that a hasher of node {@code node} read a file of {@code bytes} and sent {@code bytesSent} to the store. */
  void worked(String node, long bytes, long bytesSent) {
    long[] work = workers.computeIfAbsent(node, k -> new long[3]);
    work[0]++;
    work[1] += bytes;
    work[2] += bytesSent;
  }

  /** Records that {@code path} was left out by design, and what it is. */
  void skipped(String path, String what) {
    skipped.add(path + ": " + what);
  }

  List<String> skipped() {
    return List.copyOf(skipped);
  }

  /** Records that {@code path} could not be handled, and why. */
  void error(String path, String reason) {
    error(path + ": " + reason);
  }

  /** Records an error already in the form {@code path: reason}. */
  void error(String line) {
    errors.add(line);
  }

  List<String> errors() {
    return List.copyOf(errors);
  }

  /** The state of the running job. */
  Progress progress() {
    return event(phase, null, null);
  }

  /** The last event of the job: how it ended, and the snapshot or the reason. */
  Progress finished(String outcome, String detail) {
    return event(Progress.DONE, outcome, detail);
  }

  private Progress event(String currentPhase, String outcome, String detail) {
    long now = clock.millis();
    List<String> firstErrors;
    synchronized (errors) {
      firstErrors = List.copyOf(errors.subList(0, Math.min(errors.size(), Progress.ERRORS_KEPT)));
    }
    // Once the walk is done its totals are exact; until then an estimate, never below what was found.
    long files = walkDone ? filesFound : filesTotal < 0 ? -1 : Math.max(filesTotal, filesFound);
    long bytes = walkDone ? bytesFound : bytesTotal < 0 ? -1 : Math.max(bytesTotal, bytesFound);
    Progress.Counters counters = new Progress.Counters(filesFound, bytesFound, files, bytes, filesDone, bytesDone,
        filesUnchanged, bytesUnchanged, bytesRead, bytesNew, chunksNew, chunksDuplicate, directories, errors.size(),
        walkDone);
    Progress.Queues queues = window == null ? new Progress.Queues(0, 0, treesInFlight)
        : new Progress.Queues(window.queued(), window.inFlight(), treesInFlight);
    return new Progress(jobId, kind, currentPhase, counters,
        throughput.sample(now, bytesRead, filesDone, bytesDone, bytes), queues, firstErrors,
        now - startMillis, outcome, detail, workers.entrySet().stream()
            .map(w -> new Progress.Worker(w.getKey(), w.getValue()[0], w.getValue()[1], w.getValue()[2])).toList());
  }
}
