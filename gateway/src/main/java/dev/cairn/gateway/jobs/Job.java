package dev.cairn.gateway.jobs;

import dev.cairn.common.message.Progress;
import dev.cairn.common.message.StoreMessages.CheckReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Job is one backup, restore, check, forget or prune as a user sees it: what was asked, its state,
 * the latest progress of its work and, once it has ended, the snapshot it wrote or read, the
 * store's report, or why it failed. Immutable: every change makes a new job.
 *
 * @param progress the latest progress event; {@code null} before the first and for the store's jobs
 * @param snapshot the full id of the snapshot written (backup) or read (restore), once known
 * @param error why the job failed, or {@code null}
 * @param report the store's report on a check, forget or prune once it has ended, of the request's
 *     {@link JobRequest#reportType}; otherwise {@code null}
 * @param cancelRequested whether a user asked to cancel it; the state says when it has stopped
 * @param history the throughput over the job's life, at most {@link #HISTORY} points
 */
public record Job(String id, JobRequest request, JobState state, Instant created, Instant started, Instant finished,
    Progress progress, String snapshot, String error, Record report, boolean cancelRequested,
    List<Point> history) {

  /** How many throughput points a job keeps: enough for a chart, small enough to send four times a second. */
  public static final int HISTORY = 120;

  /** The throughput at one moment of a job. */
  public record Point(long elapsedMillis, long bytesPerSecond) {}

  public Job {
    history = List.copyOf(history);
  }

  /** A job just accepted. */
  public static Job queued(String id, JobRequest request, Instant now) {
    return new Job(id, request, JobState.QUEUED, now, null, null, null, null, null, null, false, List.of());
  }

  public String type() {
    return request.type();
  }

  public Job running(Instant now) {
    return new Job(id, request, JobState.RUNNING, created, now, null, progress, snapshot, error, report, cancelRequested,
        history);
  }

  public Job cancelling() {
    return new Job(id, request, state, created, started, finished, progress, snapshot, error, report, true, history);
  }

  /**
   * Takes in a progress event. Events are totals, so the latest wins; an older one that arrives
   * late is ignored, and an ended job changes no more. The last event of a job ends it.
   */
  public Job withProgress(Progress p, Instant now) {
    if (state.terminal() || progress != null && p.elapsedMillis() < progress.elapsedMillis() && !p.finished()) {
      return this;
    }
    Job next = new Job(id, request, state == JobState.QUEUED ? JobState.RUNNING : state, created,
        started == null ? now : started, finished, p, snapshot, error, report, cancelRequested,
        with(new Point(p.elapsedMillis(), p.rates().bytesPerSecond())));
    if (!p.finished()) {
      return next;
    }
    return switch (p.outcome()) {
      case Progress.SUCCEEDED -> p.counters().errors() > 0 && "restore".equals(type())
          ? next.ended(JobState.FAILED, p.detail(), p.counters().errors() + " entries could not be restored", now)
          : next.ended(JobState.SUCCEEDED, p.detail(), null, now);
      case Progress.CANCELLED -> next.ended(JobState.CANCELLED, null, null, now);
      default -> next.ended(JobState.FAILED, null, p.detail(), now);
    };
  }

  /** Ends a job that succeeded; {@code snapshotId} may be {@code null}. */
  public Job succeeded(String snapshotId, Instant now) {
    return ended(JobState.SUCCEEDED, snapshotId, null, now);
  }

  public Job failed(String reason, Instant now) {
    return ended(JobState.FAILED, snapshot, reason, now);
  }

  public Job cancelled(Instant now) {
    return ended(JobState.CANCELLED, snapshot, null, now);
  }

  /** Ends a check, forget or prune with the store's report: a check failed if it found problems. */
  public Job reported(Record answer, Instant now) {
    Job withReport = new Job(id, request, state, created, started, finished, progress, snapshot, error, answer,
        cancelRequested, history);
    return answer instanceof CheckReport c && !c.problems().isEmpty()
        ? withReport.ended(JobState.FAILED, null, "the repository is damaged: " + c.problems().size() + " problems", now)
        : withReport.ended(JobState.SUCCEEDED, null, null, now);
  }

  private Job ended(JobState end, String snapshotId, String reason, Instant now) {
    if (state.terminal()) {
      return this;
    }
    return new Job(id, request, end, created, started, now, progress,
        snapshotId == null ? snapshot : snapshotId, reason, report, cancelRequested, history);
  }

  /**
   * The history with {@code point} added. When full, every other point goes, the first kept, so
   * the history always spans the whole job, with more detail for the recent past.
   */
  private List<Point> with(Point point) {
    List<Point> points = new ArrayList<>(history.size() + 1);
    if (history.size() < HISTORY) {
      points.addAll(history);
    } else {
      for (int i = 0; i < history.size(); i += 2) {
        points.add(history.get(i));
      }
    }
    points.add(point);
    return points;
  }
}
