package dev.cairn.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.gateway.jobs.JobRequest.CheckRequest;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The local job registry")
class LocalJobRegistryTest {
  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

  private static Job job(String id) {
    return Job.queued(id, new CheckRequest(false), NOW);
  }

  @Test
  @DisplayName("lists jobs newest first and forgets the oldest ended ones, never one that still runs")
  void keepsABoundedHistory() {
    LocalJobRegistry registry = new LocalJobRegistry(2);
    registry.put(job("running").running(NOW));
    for (String id : new String[] {"a", "b", "c"}) {
      registry.put(job(id));
      registry.put(job(id).running(NOW).succeeded(null, NOW));
    }

    assertThat(registry.list().result()).extracting(Job::id).containsExactly("c", "b", "running");
    assertThat(registry.get("a").result()).isNull();
    assertThat(registry.get("running").result().state()).isEqualTo(JobState.RUNNING);
  }
}
