package dev.cairn.scanner;

import dev.cairn.common.message.ScannerMessages.Progress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** JobCounters are the running totals of one job and the errors it met, as progress reports them. */
final class JobCounters {
  final String jobId;
  final long startMillis;
  private final Clock clock;
  long filesFound;
  long bytesFound;
  long filesDone;
  /** Files taken from the parent snapshot without being read. */
  long filesUnchanged;
  long bytesDone;
  long bytesNew;
  long blobsNew;
  long directories;
  boolean walkDone;
  private final List<String> errors = Collections.synchronizedList(new ArrayList<>());
  private final List<String> skipped = Collections.synchronizedList(new ArrayList<>());

  JobCounters(String jobId, Clock clock) {
    this.jobId = jobId;
    this.clock = clock;
    this.startMillis = clock.millis();
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

  Progress progress(String phase) {
    return new Progress(jobId, phase, filesFound, bytesFound, filesDone, bytesDone, bytesNew, errors.size(),
        clock.millis() - startMillis, walkDone);
  }
}
