package dev.cairn.scanner;

import dev.cairn.common.message.Progress;
import dev.cairn.common.message.Snapshot;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JobCounters are the running totals of one job, the errors it met and the phase it is in, as
 * {@link Progress} reports them. A job tells them what happened through methods named after
 * events ({@link #fileFound}, {@link #fileUnchanged}, {@link #fileHashed}, {@link #error}, ...);
 * the totals behind them are private.
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
  private String phase = Progress.PREPARING;
  private long filesFound;
  private long bytesFound;
  /** An estimate of the files the job will meet, or -1; see {@link Progress.Counters#filesTotal}. */
  private long filesTotal = -1;
  private long bytesTotal = -1;
  private long filesDone;
  /** Files taken from the parent snapshot without being read. */
  private long filesUnchanged;
  private long bytesUnchanged;
  private long bytesDone;
  /** Bytes read and hashed (backup), or verified and written (restore). */
  private long bytesRead;
  private long bytesNew;
  private long blobsNew;
  private long chunksNew;
  private long chunksDuplicate;
  private long directories;
  /** Whether the walk has met every entry; read by the file count on a worker, hence volatile. */
  private volatile boolean walkDone;
  /** Directory trees sent to the store and not yet stored. */
  private long treesInFlight;
  private BatchWindow<?, ?> window;
  /** What the hashers of each node did, by node. */
  private final Map<String, Progress.Worker> workers = new LinkedHashMap<>();
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

  /** Records that the job entered {@code next}, one of {@link Progress}'s phases. */
  void enter(String next) {
    phase = next;
  }

  String phase() {
    return phase;
  }

  /** Records that the walk has met every entry: the totals found are final. */
  void walkFinished() {
    walkDone = true;
  }

  boolean walkDone() {
    return walkDone;
  }

  /** Records that the walk met a directory (backup) or made one (restore). */
  void directoryFound() {
    directories++;
  }

  /** Records that the walk met a file of {@code bytes}. */
  void fileFound(long bytes) {
    filesFound++;
    bytesFound += bytes;
  }

  /** Records that a file of {@code bytes} was taken from the parent snapshot without being read. */
  void fileUnchanged(long bytes) {
    filesDone++;
    filesUnchanged++;
    bytesUnchanged += bytes;
    bytesDone += bytes;
  }

  /**
   * Records that a hasher of node {@code node} read and hashed a file of {@code bytes} in {@code
   * chunks} chunks, {@code newBlobs} of them new to the store, with {@code newBytes} of new data,
   * and sent {@code bytesSent} of it to a store on another node.
   */
  void fileHashed(String node, long bytes, int chunks, long newBlobs, long newBytes, long bytesSent) {
    filesDone++;
    bytesDone += bytes;
    bytesRead += bytes;
    bytesNew += newBytes;
    blobsNew += newBlobs;
    chunksNew += newBlobs;
    chunksDuplicate += Math.max(0, chunks - newBlobs);
    workers.merge(node, new Progress.Worker(node, 1, bytes, bytesSent), (was, one) ->
        new Progress.Worker(node, was.files() + 1, was.bytes() + bytes, was.bytesSent() + bytesSent));
  }

  /** Records that a restore linked a file of {@code bytes} to one it had written, without reading it. */
  void fileLinked(long bytes) {
    filesDone++;
    bytesDone += bytes;
  }

  /** Records that the hashers verified and wrote {@code files} files of {@code bytes} in all. */
  void filesRestored(long files, long bytes) {
    filesDone += files;
    bytesDone += bytes;
    bytesRead += bytes;
  }

  /** Records that a directory's tree was sent to the store. */
  void treeSent() {
    treesInFlight++;
  }

  /** Records that the store answered for a tree sent, stored or not. */
  void treeAnswered() {
    treesInFlight--;
  }

  /** What a backup that ends now has done, as its snapshot records it. */
  Snapshot.Totals totals() {
    return new Snapshot.Totals(filesDone, directories, bytesDone, bytesNew, blobsNew, filesUnchanged);
  }

  long filesDone() {
    return filesDone;
  }

  long bytesDone() {
    return bytesDone;
  }

  long directories() {
    return directories;
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
        now - startMillis, outcome, detail, List.copyOf(workers.values()));
  }
}
