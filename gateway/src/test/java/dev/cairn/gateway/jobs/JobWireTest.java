package dev.cairn.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.ChunkId;
import dev.cairn.common.message.MaintenanceMessages.ForgetReport;
import dev.cairn.common.message.MaintenanceMessages.KeepRules;
import dev.cairn.common.message.MaintenanceMessages.Kept;
import dev.cairn.common.message.MaintenanceMessages.PackUse;
import dev.cairn.common.message.MaintenanceMessages.PruneReport;
import dev.cairn.common.message.Progress;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.message.StoreMessages.CheckReport;
import dev.cairn.gateway.jobs.JobRequest.BackupRequest;
import dev.cairn.gateway.jobs.JobRequest.CheckRequest;
import dev.cairn.gateway.jobs.JobRequest.ForgetRequest;
import dev.cairn.gateway.jobs.JobRequest.PruneRequest;
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
        .reported(new CheckReport(1, 2, 3, 2, 4, List.of("pack 12 is missing")), NOW.plusSeconds(9));
    for (Job job : List.of(queued, running, ended, restore, check)) {
      assertThat(JobWire.decode(JobWire.encode(job))).isEqualTo(job);
    }
    assertThat(JobWire.decode(JobWire.encode(ended)).progress().workers()).hasSize(2);
  }

  private static ChunkId id(int seed) {
    byte[] bytes = new byte[ChunkId.LENGTH];
    bytes[0] = (byte) seed;
    return ChunkId.of(bytes);
  }

  private static Snapshot snapshot(int seed) {
    return new Snapshot(id(seed), NOW.minusSeconds(seed * 3600L), "host-a", List.of("/src"), id(seed + 100),
        new Snapshot.Totals(3, 1, 300, 100, 2, 1), List.of(), List.of());
  }

  @Test
  @DisplayName("keeps a sampled check's subset and seed, and a forget's and a prune's report")
  void roundTripUpkeep() {
    Job sampled = Job.queued("s", new CheckRequest(true, "10%", -42L), NOW).running(NOW)
        .reported(new CheckReport(1, 20, 300, 2, 4096, List.of()), NOW.plusSeconds(5));
    Job forget = Job.queued("f", new ForgetRequest(new KeepRules(1, 0, 2, 0), "Europe/Paris", true), NOW).running(NOW)
        .reported(new ForgetReport(List.of(new Kept(snapshot(1), List.of("last", "weekly"))),
            List.of(snapshot(2), snapshot(3)), true), NOW.plusSeconds(1));
    Job prune = Job.queued("p", new PruneRequest(false), NOW).running(NOW)
        .reported(new PruneReport(1, 5, 5000, List.of(new PackUse(id(7), 1000, 0)),
            List.of(new PackUse(id(8), 2000, 300)), 2300, false), NOW.plusSeconds(2));
    Job refused = Job.queued("q", new PruneRequest(false), NOW).running(NOW)
        .failed("a backup or restore is running (job b); prune deleted nothing: prune again later", NOW);
    for (Job job : List.of(sampled, forget, prune, refused)) {
      Job back = JobWire.decode(JobWire.encode(job));
      assertThat(back).isEqualTo(job);
      assertThat(JobJson.of(back)).isEqualTo(JobJson.of(job));
    }
    assertThat(((ForgetReport) JobWire.decode(JobWire.encode(forget)).report()).removed()).hasSize(2);
    assertThat(JobJson.of(JobWire.decode(JobWire.encode(prune))).getJsonObject("prune").getLong("bytesFreed"))
        .isEqualTo(2700);
    assertThat(JobJson.of(JobWire.decode(JobWire.encode(sampled))).getJsonObject("request").getLong("seed"))
        .isEqualTo(-42);
  }
}
