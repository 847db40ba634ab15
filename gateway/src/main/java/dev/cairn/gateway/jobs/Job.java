package dev.cairn.gateway.jobs;

import dev.cairn.common.message.Progress;
import dev.cairn.common.message.StoreMessages.CheckReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Job is one backup, restore or check as a user sees it: what was asked, its state, the latest
 * progress of its work and, once it has ended, the snapshot it wrote or read, or why it failed.
 * Immutable: every change makes a new job.
 *
 * @param progress the latest progress event; {@code null} before the first and for checks
 * @param snapshot the full id of the snapshot written (backup) or read (restore), once known
 * @param error why the job failed, or {@code null}
 * @param check a check's report, once it has ended
 * @param cancelRequested whether a user asked to cancel it; the state says when it has stopped
 * @param history the throughput over the job's life, at most {@link #HISTORY} points
 */
public record Job(String id, JobRequest request, JobState state, Instant created, Instant started, Instant finished,
    Progress progress, String snapshot, String error, CheckReport check, boolean cancelRequested,
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
    return new Job(id, request, JobState.RUNNING, created, now, null, progress, snapshot, error, check, cancelRequested,
        history);
  }

  public Job cancelling() {
    return new Job(id, request, state, created, started, finished, progress, snapshot, error, check, true, history);
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
        started == null ? now : started, finished, p, snapshot, error, check, cancelRequested,
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

  /** Ends a check with its report: failed if it found problems. */
  public Job checked(CheckReport report, Instant now) {
    Job withReport = new Job(id, request, state, created, started, finished, progress, snapshot, error, report,
        cancelRequested, history);
    return report.problems().isEmpty() ? withReport.ended(JobState.SUCCEEDED, null, null, now)
        : withReport.ended(JobState.FAILED, null, "the repository is damaged: " + report.problems().size() + " problems", now);
  }

  private Job ended(JobState end, String snapshotId, String reason, Instant now) {
    if (state.terminal()) {
      return this;
    }
    return new Job(id, request, end, created, started, now, progress,
        snapshotId == null ? snapshot : snapshotId, reason, check, cancelRequested, history);
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
