package dev.cairn.common.message;

import dev.cairn.common.wire.WireIn;
import dev.cairn.common.wire.WireOut;
import java.util.List;

/**
 * Progress is the state of one job, published by the scanner on {@code cairn.scanner.events.progress}
 * a few times a second while the job runs, and once more when it ends (phase {@code done}, with
 * its outcome). Each event carries totals, not increments, so a reader that misses events, or
 * keeps only the latest, still shows the truth.
 *
 * @param kind {@code backup} or {@code restore}
 * @param phase {@link #PREPARING}, {@link #SCANNING} (the walk is still finding files), {@link
 *     #HASHING} (the walk is done; files are still being read), {@link #COMMITTING}, {@link
 *     #RESTORING}, {@link #WRITING} (the restore walk is done; files are still being written), or
 *     {@link #DONE}
 * @param errors the first {@link #ERRORS_KEPT} errors, each {@code path: reason}; {@code
 *     counters.errors} counts them all
 * @param outcome {@code null} while the job runs; then {@code succeeded}, {@code failed} or {@code
 *     cancelled}
 * @param detail on success the id of the snapshot written or read; on failure the reason
 * @param workers what the hashers of each node did for a backup, by node id in the order first seen
 */
public record Progress(String jobId, String kind, String phase, Counters counters, Rates rates, Queues queues,
    List<String> errors, long elapsedMillis, String outcome, String detail, List<Worker> workers) {

  public static final String PREPARING = "preparing";
  public static final String SCANNING = "scanning";
  public static final String HASHING = "hashing";
  public static final String COMMITTING = "committing";
  public static final String RESTORING = "restoring";
  public static final String WRITING = "writing";
  public static final String DONE = "done";

  public static final String SUCCEEDED = "succeeded";
  public static final String FAILED = "failed";
  public static final String CANCELLED = "cancelled";

  /** How many error lines an event carries at most; the snapshot keeps every one. */
  public static final int ERRORS_KEPT = 50;

  public Progress {
    errors = List.copyOf(errors);
    workers = List.copyOf(workers);
  }

  /** An event that names no worker node. */
  public Progress(String jobId, String kind, String phase, Counters counters, Rates rates, Queues queues,
      List<String> errors, long elapsedMillis, String outcome, String detail) {
    this(jobId, kind, phase, counters, rates, queues, errors, elapsedMillis, outcome, detail, List.of());
  }

  /** The bytes of new chunks that crossed the network from a hasher to the store, over every node. */
  public long bytesSent() {
    return workers.stream().mapToLong(Worker::bytesSent).sum();
  }

  /** Reports whether this is the last event of its job. */
  public boolean finished() {
    return outcome != null;
  }

  /**
   * What a job has counted so far. For a backup, "done" files are in the snapshot (read, or taken
   * unchanged from the parent); for a restore, written.
   *
   * @param filesFound files the walk has met
   * @param bytesFound their logical size
   * @param filesTotal the files the whole job will meet, or {@code -1} while unknown: for a backup
   *     a quick count of the sources made ahead of the walk, for a restore the snapshot's; once
   *     the walk is done, what it found
   * @param bytesTotal their size, likewise
   * @param filesUnchanged files taken from the parent snapshot without being read
   * @param bytesUnchanged their size
   * @param bytesRead bytes read and hashed (backup) or verified and written (restore)
   * @param bytesNew bytes of content new to the repository, written to packs
   * @param chunksNew chunks new to the repository
   * @param chunksDuplicate chunks the repository already held
   * @param walkDone whether the walk has met everything, so the totals found are final
   */
  public record Counters(long filesFound, long bytesFound, long filesTotal, long bytesTotal, long filesDone,
      long bytesDone, long filesUnchanged, long bytesUnchanged, long bytesRead, long bytesNew, long chunksNew,
      long chunksDuplicate, long directories, long errors, boolean walkDone) {

    /** Reports whether the job's totals are known, so a share done and a time left can be shown. */
    public boolean totalKnown() {
      return bytesTotal >= 0;
    }

    void write(WireOut out) {
      out.i64(filesFound).i64(bytesFound).i64(filesTotal).i64(bytesTotal).i64(filesDone).i64(bytesDone).i64(filesUnchanged).i64(bytesUnchanged)
          .i64(bytesRead).i64(bytesNew).i64(chunksNew).i64(chunksDuplicate).i64(directories).i64(errors).bool(walkDone);
    }

    static Counters read(WireIn in) {
      return new Counters(in.i64(), in.i64(), in.i64(), in.i64(), in.i64(), in.i64(), in.i64(), in.i64(), in.i64(),
          in.i64(), in.i64(), in.i64(), in.i64(), in.i64(), in.bool());
    }
  }

  /**
   * How fast the job goes, over the last few seconds.
   *
   * @param bytesPerSecond bytes read and hashed (backup) or written (restore) per second
   * @param etaMillis time left, or {@code -1} while the job's total is unknown
   */
  public record Rates(long bytesPerSecond, long filesPerSecond, long etaMillis) {
    void write(WireOut out) {
      out.i64(bytesPerSecond).i64(filesPerSecond).i64(etaMillis);
    }

    static Rates read(WireIn in) {
      return new Rates(in.i64(), in.i64(), in.i64());
    }
  }

  /**
   * The work waiting at each stage of a job.
   *
   * @param filesWaiting files the walk has handed over that are not yet sent to a hasher
   * @param batchesInFlight file batches at hashers, not yet answered
   * @param treesInFlight directory trees sent to the store, not yet stored
   */
  public record Queues(long filesWaiting, long batchesInFlight, long treesInFlight) {
    void write(WireOut out) {
      out.i64(filesWaiting).i64(batchesInFlight).i64(treesInFlight);
    }

    static Queues read(WireIn in) {
      return new Queues(in.i64(), in.i64(), in.i64());
    }
  }

  /**
   * What the hashers of one node did for a job.
   *
   * @param files files hashed there
   * @param bytes bytes read and hashed there
   * @param bytesSent bytes of new chunks sent from there to a store on another node
   */
  public record Worker(String node, long files, long bytes, long bytesSent) {
    void write(WireOut out) {
      out.str(node).i64(files).i64(bytes).i64(bytesSent);
    }

    static Worker read(WireIn in) {
      return new Worker(in.str(), in.i64(), in.i64(), in.i64());
    }
  }

  void write(WireOut out) {
    out.str(jobId).str(kind).str(phase);
    counters.write(out);
    rates.write(out);
    queues.write(out);
    out.list(errors, WireOut::str).i64(elapsedMillis).str(outcome).str(detail).list(workers, (o, w) -> w.write(o));
  }

  static Progress read(WireIn in) {
    return new Progress(in.str(), in.str(), in.str(), Counters.read(in), Rates.read(in), Queues.read(in),
        in.list(WireIn::str), in.i64(), in.str(), in.str(), in.list(Worker::read));
  }
}
