package dev.cairn.gateway.jobs;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * SilenceWatch notices a running job whose scanner has gone quiet: a scanner publishes a job's
 * progress every quarter second, even when the job waits, so a job that has sent nothing for
 * {@code limitMillis} has lost its scanner (the node died, or the network between them) and would
 * otherwise stay running for good, holding a slot of the queue.
 *
 * <p>The limit is {@value #DEFAULT_MILLIS} ms unless the system property {@value #PROPERTY} says
 * otherwise: hundreds of progress intervals, so a long pause of the scanner's JVM is not taken
 * for its death. Confined to the event loop of its {@link JobRunner}, like the runner's jobs.
 */
final class SilenceWatch {
  /** The system property that sets the limit, in milliseconds. */
  static final String PROPERTY = "cairn.jobs.silenceMillis";
  static final long DEFAULT_MILLIS = 60_000;
  /** The longest wait between two looks: a job is failed at most this long after its limit. */
  private static final long MAX_LOOK_MILLIS = 5_000;

  private final long limitMillis;
  private final Clock clock;
  private final BiConsumer<String, String> onSilent;
  /** When each watched job was last heard of, by id. */
  private final Map<String, Long> lastHeard = new HashMap<>();

  /**
   * Watches jobs on the current context of {@code vertx}, calling {@code onSilent} with a job's id
   * and the reason once it has sent nothing for {@code limitMillis}.
   */
  SilenceWatch(Vertx vertx, long limitMillis, Clock clock, BiConsumer<String, String> onSilent) {
    if (limitMillis <= 0) {
      throw new IllegalArgumentException("the silence limit must be positive, not " + limitMillis + " ms");
    }
    this.limitMillis = limitMillis;
    this.clock = clock;
    this.onSilent = onSilent;
    vertx.setPeriodic(lookMillis(limitMillis), t -> look());
  }

  /** How often to look for jobs silent for {@code limitMillis}: a quarter of it, at most {@value #MAX_LOOK_MILLIS} ms. */
  static long lookMillis(long limitMillis) {
    return Math.max(10, Math.min(MAX_LOOK_MILLIS, limitMillis / 4));
  }

  /** Why a job silent for {@code limitMillis} failed, as its error says. */
  static String reason(long limitMillis) {
    return "its scanner stopped answering (no progress for " + span(limitMillis) + ")";
  }

  /** The limit the system property sets, or the default. */
  static long fromSystem() {
    return Long.getLong(PROPERTY, DEFAULT_MILLIS);
  }

  /** Records that job {@code id} was heard of now: started, or a progress event came. */
  void heard(String id) {
    lastHeard.put(id, clock.millis());
  }

  /** Stops watching job {@code id}, which has ended. */
  void forget(String id) {
    lastHeard.remove(id);
  }

  private void look() {
    long now = clock.millis();
    List<String> silent = lastHeard.entrySet().stream().filter(e -> now - e.getValue() >= limitMillis)
        .map(Map.Entry::getKey).toList();
    for (String id : silent) {
      lastHeard.remove(id);
      onSilent.accept(id, reason(limitMillis));
    }
  }

  private static String span(long millis) {
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }
}
