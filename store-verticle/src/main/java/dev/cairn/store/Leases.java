package dev.cairn.store;

import dev.cairn.common.Failures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * Leases are the shared locks running jobs hold on the repository, and the exclusive state a prune
 * takes to delete: no new lease is granted while a prune holds it, and a prune deletes only when no
 * lease is held. A lease not renewed within its bound is stale (its job died) and is dropped.
 *
 * <p>A renewal of a lease this store never granted comes from a job that began before the store
 * restarted: it is granted again (unless a prune holds the repository), since such a job's commit
 * checks that every blob under its tree is still there.
 *
 * <p>Not thread-safe: the store verticle calls it from its one thread.
 */
final class Leases {
  private static final Logger LOG = Logger.getLogger(Leases.class.getName());

  private final Clock clock;
  private final Duration staleAfter;
  /** Each job's lease and when it was last taken or renewed. */
  private final Map<String, Instant> held = new HashMap<>();
  /** The jobs whose leases were dropped as stale: they are never renewed. */
  private final Set<String> dropped = new HashSet<>();
  private boolean exclusive;

  Leases(Clock clock, Duration staleAfter) {
    this.clock = clock;
    this.staleAfter = staleAfter;
  }

  Duration staleAfter() {
    return staleAfter;
  }

  /** Grants job {@code jobId} a lease, unless a prune is deleting. */
  void take(String jobId) {
    if (exclusive) {
      throw new RepositoryException(Failures.CONFLICT,
          "a prune is removing unused data from the repository; start the job again when it ends");
    }
    held.put(jobId, clock.instant());
  }

  /** Renews job {@code jobId}'s lease, or fails if it was dropped as stale. */
  void renew(String jobId) {
    if (!held.containsKey(jobId) && !dropped.contains(jobId)) {
      LOG.warning("job " + jobId + " renews a lease taken before this store started; granting it again");
      take(jobId);
      return;
    }
    if (!held.containsKey(jobId)) {
      throw new RepositoryException(Failures.CONFLICT, "job " + jobId + " lost its lock on the repository (not renewed "
          + "within " + staleAfter.toSeconds() + " s); it stops so that nothing it needs can have been pruned");
    }
    held.put(jobId, clock.instant());
  }

  void release(String jobId) {
    held.remove(jobId);
  }

  /** The jobs holding a lease, after dropping every stale one with a log line. */
  Set<String> active() {
    Instant now = clock.instant();
    for (Iterator<Map.Entry<String, Instant>> it = held.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Instant> lease = it.next();
      Duration age = Duration.between(lease.getValue(), now);
      if (age.compareTo(staleAfter) > 0) {
        LOG.warning("dropped the stale lease of job " + lease.getKey() + ": not renewed for " + age.toSeconds()
            + " s (its process stopped or hangs)");
        dropped.add(lease.getKey());
        it.remove();
      }
    }
    return new TreeSet<>(held.keySet());
  }

  /** Whether a prune holds the repository: it waits for leases to end, or deletes. */
  boolean exclusive() {
    return exclusive;
  }

  /** Starts a prune's exclusive hold: new leases are refused until {@link #endExclusive}. */
  void beginExclusive() {
    exclusive = true;
  }

  void endExclusive() {
    exclusive = false;
  }
}
