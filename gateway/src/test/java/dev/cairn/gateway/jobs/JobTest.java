package dev.cairn.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.message.Progress;
import dev.cairn.gateway.jobs.JobRequest.BackupRequest;
import dev.cairn.gateway.jobs.JobRequest.RestoreRequest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A job")
class JobTest {
  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
  private static final Progress.Rates RATES = new Progress.Rates(100, 1, -1);
  private static final Progress.Queues QUEUES = new Progress.Queues(0, 0, 0);

  private static Progress event(String kind, long elapsed, long filesDone, long errors, String outcome, String detail) {
    return new Progress("j", kind, outcome == null ? Progress.SCANNING : Progress.DONE,
        new Progress.Counters(10, 1000, 10, 1000, filesDone, filesDone * 100, 0, 0, filesDone * 100, 0, 0, 0, 1, errors,
            true),
        RATES, QUEUES, List.of(), elapsed, outcome, detail);
  }

  private static Job backup() {
    return Job.queued("j", new BackupRequest(List.of("/src"), false), NOW);
  }

  @Test
  @DisplayName("runs with its first event, keeps the latest totals, and ignores an older event that arrives late")
  void followsEvents() {
    Job job = backup().withProgress(event("backup", 500, 3, 0, null, null), NOW);
    assertThat(job.state()).isEqualTo(JobState.RUNNING);
    assertThat(job.started()).isEqualTo(NOW);

    Job later = job.withProgress(event("backup", 750, 5, 0, null, null), NOW);
    assertThat(later.progress().counters().filesDone()).isEqualTo(5);
    assertThat(later.withProgress(event("backup", 600, 4, 0, null, null), NOW)).isSameAs(later);
    assertThat(later.history()).extracting(Job.Point::elapsedMillis).containsExactly(500L, 750L);
  }

  @Test
  @DisplayName("ends with its last event: a backup with its snapshot, a restore that met errors as failed")
  void endsWithTheLastEvent() {
    Job backedUp = backup().withProgress(event("backup", 900, 10, 1, Progress.SUCCEEDED, "af13"), NOW);
    assertThat(backedUp.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(backedUp.snapshot()).isEqualTo("af13");
    assertThat(backedUp.finished()).isEqualTo(NOW);
    assertThat(backedUp.withProgress(event("backup", 950, 10, 1, null, null), NOW)).isSameAs(backedUp);
    assertThat(backedUp.failed("late", NOW)).isSameAs(backedUp);

    Job restore = Job.queued("j", new RestoreRequest("af13", "/t", null), NOW)
        .withProgress(event("restore", 900, 8, 2, Progress.SUCCEEDED, "af13"), NOW);
    assertThat(restore.state()).isEqualTo(JobState.FAILED);
    assertThat(restore.error()).isEqualTo("2 entries could not be restored");

    Job cancelled = backup().cancelling().withProgress(event("backup", 300, 2, 0, Progress.CANCELLED, null), NOW);
    assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
    assertThat(cancelled.cancelRequested()).isTrue();
    assertThat(cancelled.snapshot()).isNull();
  }

  @Test
  @DisplayName("keeps a bounded throughput history that still spans the whole job")
  void boundedHistory() {
    Job job = backup();
    for (int i = 1; i <= 1000; i++) {
      job = job.withProgress(event("backup", i * 250L, i, 0, null, null), NOW);
    }
    assertThat(job.history()).hasSizeLessThanOrEqualTo(Job.HISTORY).hasSizeGreaterThan(Job.HISTORY / 2);
    assertThat(job.history().get(0).elapsedMillis()).isEqualTo(250L);
    assertThat(job.history().get(job.history().size() - 1).elapsedMillis()).isEqualTo(250_000L);
  }

  @Test
  @DisplayName("that is queued and cancelled never started")
  void cancelledInTheQueue() {
    Job job = backup().cancelling().cancelled(NOW);
    assertThat(job.state()).isEqualTo(JobState.CANCELLED);
    assertThat(job.started()).isNull();
    assertThat(job.finished()).isEqualTo(NOW);
  }
}
