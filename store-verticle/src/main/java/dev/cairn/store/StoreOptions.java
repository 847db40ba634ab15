package dev.cairn.store;

import java.time.Clock;
import java.time.Duration;

/**
 * StoreOptions are the store's bounds for leases and prune.
 *
 * @param staleAfter a job's lease not renewed for this long is dropped as stale: its job's process
 *     died or hung. Jobs renew four times within it, so a busy store answering late does not cost a
 *     running job its lease.
 * @param pruneWait how long a prune waits for running jobs to release their leases before it gives
 *     up, having deleted nothing
 * @param clock the time source that lease ages are measured with
 */
public record StoreOptions(Duration staleAfter, Duration pruneWait, Clock clock) {
  /** Leases stale after two minutes; a prune waits one minute for running jobs. */
  public static StoreOptions defaults() {
    return new StoreOptions(Duration.ofMinutes(2), Duration.ofMinutes(1), Clock.systemUTC());
  }
}
