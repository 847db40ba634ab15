package dev.cairn.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.message.Progress;
import dev.cairn.common.message.StoreMessages.CheckReport;
import dev.cairn.gateway.jobs.JobRequest.BackupRequest;
import dev.cairn.gateway.jobs.JobRequest.CheckRequest;
import dev.cairn.gateway.jobs.JobRequest.RestoreRequest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A job in its binary form, as gateways of a cluster share it,")
class JobWireTest {
  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

  private static Progress event(long elapsed, String outcome) {
    return new Progress("j", "backup", outcome == null ? Progress.HASHING : Progress.DONE,
        new Progress.Counters(10, 1000, 10, 1000, 7, 700, 1, 100, 600, 500, 3, 4, 2, 1, true),
        new Progress.Rates(100, 1, 5), new Progress.Queues(1, 2, 3), List.of("/src/x: permission denied"), elapsed,
        outcome, outcome == null ? null : "af13", List.of(new Progress.Worker("node-1", 5, 500, 400),
            new Progress.Worker("node-2", 2, 100, 100)));
  }

  @Test
  @DisplayName("comes back as the same job at every stage of its life")
  void roundTrip() {
    Job queued = Job.queued("j", new BackupRequest(List.of("/src", "/etc"), true, true), NOW);
    Job running = queued.running(NOW.plusSeconds(1)).withProgress(event(250, null), NOW.plusSeconds(2)).cancelling();
    Job ended = running.withProgress(event(900, Progress.SUCCEEDED), NOW.plusSeconds(3));
    Job restore = Job.queued("r", new RestoreRequest("af13", "/restore", "/src/x"), NOW).failed("disk full", NOW);
    Job check = Job.queued("c", new CheckRequest(true), NOW).running(NOW)
        .checked(new CheckReport(1, 2, 3, 2, 4, List.of("pack 12 is missing")), NOW.plusSeconds(9));
    for (Job job : List.of(queued, running, ended, restore, check)) {
      assertThat(JobWire.decode(JobWire.encode(job))).isEqualTo(job);
    }
    assertThat(JobWire.decode(JobWire.encode(ended)).progress().workers()).hasSize(2);
  }
}
