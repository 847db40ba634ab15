package dev.cairn.gateway.jobs;

import dev.cairn.common.Addresses;
import dev.cairn.common.message.Progress;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * StrandedJobs fails, in a cluster's job list, a running backup or restore that another gateway
 * started and of which no progress has come for the silence limit. The gateway that started a job
 * fails it itself ({@link SilenceWatch}) while it lives; this covers the node that ran both that
 * gateway and the job's scanner and died with them, which would leave the job running on every
 * other gateway for good. Every gateway hears every progress event, so a job still alive anywhere
 * is never taken for stranded.
 *
 * <p>Confined to the event loop of its {@link JobRunner}.
 */
final class StrandedJobs {
  private static final Logger LOG = Logger.getLogger(StrandedJobs.class.getName());

  private final JobRegistry registry;
  private final JobFeed feed;
  private final Clock clock;
  private final long limitMillis;
  private final Predicate<String> runsHere;
  /** When each running job of another gateway was last heard of, or first seen, by id. */
  private final Map<String, Long> lastHeard = new HashMap<>();
  private boolean looking;

  /** Watches the jobs of other gateways from the current context of {@code vertx}; {@code runsHere} tells this gateway's own. */
  StrandedJobs(Vertx vertx, JobRegistry registry, JobFeed feed, Clock clock, long limitMillis,
      Predicate<String> runsHere) {
    this.registry = registry;
    this.feed = feed;
    this.clock = clock;
    this.limitMillis = limitMillis;
    this.runsHere = runsHere;
    vertx.eventBus().<Progress>consumer(Addresses.SCANNER_PROGRESS, m -> heard(m.body().jobId()));
    vertx.setPeriodic(SilenceWatch.lookMillis(limitMillis), t -> look());
  }

  private void heard(String id) {
    if (!runsHere.test(id)) {
      lastHeard.put(id, clock.millis());
    }
  }

  private void look() {
    if (looking) {
      return;
    }
    looking = true;
    registry.list().compose(jobs -> {
      long now = clock.millis();
      Set<String> watched = new HashSet<>();
      Future<Void> all = Future.succeededFuture();
      for (Job job : jobs) {
        if (job.state() != JobState.RUNNING || !job.request().reportsProgress() || runsHere.test(job.id())) {
          continue;
        }
        watched.add(job.id());
        long heard = lastHeard.computeIfAbsent(job.id(), id -> now);
        if (now - heard >= limitMillis) {
          all = all.compose(v -> strand(job.id()));
        }
      }
      lastHeard.keySet().retainAll(watched);
      return all;
    }).onFailure(e -> LOG.log(Level.WARNING, "the job list could not be read to find stranded jobs", e))
        .onComplete(done -> looking = false);
  }

  /** Fails job {@code id} if it still runs, read again now, so a job that ended meanwhile keeps its end. */
  private Future<Void> strand(String id) {
    return registry.get(id).compose(job -> {
      lastHeard.remove(id);
      if (job == null || job.state() != JobState.RUNNING || runsHere.test(id)) {
        return Future.succeededFuture();
      }
      String reason = SilenceWatch.reason(limitMillis);
      LOG.warning("job " + id + " (" + job.type() + "), started by another gateway, failed: " + reason);
      Job failed = job.failed(reason, clock.instant());
      feed.relay(failed);
      return registry.put(failed);
    });
  }
}
