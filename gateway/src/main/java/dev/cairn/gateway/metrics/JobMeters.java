package dev.cairn.gateway.metrics;

import dev.cairn.common.message.Progress;
import dev.cairn.gateway.jobs.Job;
import dev.cairn.gateway.jobs.JobState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * JobMeters turns the progress events of jobs into per-stage counters (files scanned, bytes read
 * and hashed, chunks new and duplicate, bytes written to packs), queue depths summed over running
 * jobs, and job counts by state.
 *
 * <p>Events carry totals per job; each counter grows by the difference from the job's previous
 * event, so a missed event loses nothing.
 */
public final class JobMeters {
  private final Map<String, Progress> latest = new ConcurrentHashMap<>();
  private final MeterRegistry registry;
  private final Counter filesScanned;
  private final Counter bytesScanned;
  private final Counter filesUnchanged;
  private final Counter bytesRead;
  private final Counter bytesHashed;
  private final Counter chunksNew;
  private final Counter chunksDuplicate;
  private final Counter bytesWritten;
  private final Counter bytesRestored;

  /** Registers the meters; {@code activeJobs} counts the jobs in a state that has not ended. */
  public JobMeters(MeterRegistry registry, ToLongFunction<JobState> activeJobs) {
    this.registry = registry;
    filesScanned = counter("cairn.scanner.files.scanned", "Files the backup walks met");
    bytesScanned = counter("cairn.scanner.bytes.scanned", "Logical size of the files the backup walks met");
    filesUnchanged = counter("cairn.scanner.files.unchanged", "Files taken from the parent snapshot without being read");
    bytesRead = counter("cairn.hasher.bytes.read", "Bytes hashers read from files being backed up");
    bytesHashed = counter("cairn.hasher.bytes.hashed", "Bytes hashers hashed: chunked on backup, verified on restore");
    chunksNew = counter("cairn.store.chunks.new", "Chunks new to the repository, written to packs");
    chunksDuplicate = counter("cairn.store.chunks.duplicate", "Chunks the repository already held");
    bytesWritten = counter("cairn.store.bytes.written", "Bytes of new chunks written to packs");
    bytesRestored = counter("cairn.restore.bytes.written", "Bytes written into restored files");
    queue("scanner", Progress.Queues::filesWaiting);
    queue("hasher", Progress.Queues::batchesInFlight);
    queue("store", Progress.Queues::treesInFlight);
    for (JobState state : new JobState[] {JobState.QUEUED, JobState.RUNNING}) {
      Gauge.builder("cairn.jobs", () -> activeJobs.applyAsLong(state)).description("Jobs queued or running")
          .tag("state", state.wire()).register(registry);
    }
  }

  /** Counts what {@code p} adds to its job's previous event. */
  public void record(Progress p) {
    Progress before = p.finished() ? latest.remove(p.jobId()) : latest.put(p.jobId(), p);
    Progress.Counters now = p.counters();
    Progress.Counters was = before == null ? null : before.counters();
    if ("backup".equals(p.kind())) {
      add(filesScanned, now.filesFound(), was == null ? 0 : was.filesFound());
      add(bytesScanned, now.bytesFound(), was == null ? 0 : was.bytesFound());
      add(filesUnchanged, now.filesUnchanged(), was == null ? 0 : was.filesUnchanged());
      add(bytesRead, now.bytesRead(), was == null ? 0 : was.bytesRead());
      add(chunksNew, now.chunksNew(), was == null ? 0 : was.chunksNew());
      add(chunksDuplicate, now.chunksDuplicate(), was == null ? 0 : was.chunksDuplicate());
      add(bytesWritten, now.bytesNew(), was == null ? 0 : was.bytesNew());
    } else {
      add(bytesRestored, now.bytesRead(), was == null ? 0 : was.bytesRead());
    }
    add(bytesHashed, now.bytesRead(), was == null ? 0 : was.bytesRead());
  }

  /** Counts a job that has just ended, by type and final state. */
  public void ended(Job job) {
    if (job.state().terminal()) {
      Counter.builder("cairn.jobs.ended").description("Jobs that ended, by type and final state")
          .tag("type", job.type()).tag("state", job.state().wire()).register(registry).increment();
    }
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(registry);
  }

  private void queue(String stage, ToLongFunction<Progress.Queues> depth) {
    Gauge.builder("cairn.queue.depth", () -> latest.values().stream().mapToLong(p -> depth.applyAsLong(p.queues())).sum())
        .description("Work waiting at each stage of running jobs: files the walk handed over not yet sent "
            + "(scanner), file batches at hashers (hasher), directory trees not yet stored (store)")
        .tag("stage", stage).register(registry);
  }

  private static void add(Counter counter, long now, long before) {
    if (now > before) {
      counter.increment(now - before);
    }
  }
}
