package dev.cairn.scanner;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.logging.Logger;

/**
 * JobLease is a running job's shared lock on the repository: while it is held, prune deletes
 * nothing. It is renewed four times within the store's stale bound, so the store drops it only if
 * this scanner dies or hangs; and it is released when the job ends, however it ends.
 */
final class JobLease {
  private static final Logger LOG = Logger.getLogger(JobLease.class.getName());
  /** How long a job that ends waits for the store to take its release before it answers. */
  static final long RELEASE_WAIT_MILLIS = 2_000;

  private final Vertx vertx;
  private final ScannerStore store;
  private final String jobId;
  private final long timer;

  private JobLease(Vertx vertx, ScannerStore store, String jobId, long staleAfterMillis) {
    this.vertx = vertx;
    this.store = store;
    this.jobId = jobId;
    this.timer = vertx.setPeriodic(Math.max(1, staleAfterMillis / 4), id -> store.lock(jobId, true)
        .onFailure(e -> LOG.warning("job " + jobId + " could not renew its lease: " + e.getMessage())));
  }

  /** Takes job {@code jobId}'s lease; fails with the store's reason if a prune holds the repository. */
  static Future<JobLease> take(Vertx vertx, ScannerStore store, String jobId) {
    return store.lock(jobId, false).map(locked -> new JobLease(vertx, store, jobId, locked.staleAfterMillis()));
  }

  /**
   * Renews the lease now; fails if the store dropped it. A backup renews right before it commits,
   * so it never commits a snapshot whose chunks a prune may have removed after dropping its lease.
   */
  Future<Void> renew() {
    return store.lock(jobId, true).mapEmpty();
  }

  /**
   * Stops renewing and releases the lease; completes once the store has taken the release, or
   * after {@value #RELEASE_WAIT_MILLIS} ms at most (a lease the store never hears of goes stale).
   */
  Future<Void> release() {
    vertx.cancelTimer(timer);
    Promise<Void> released = Promise.promise();
    long wait = vertx.setTimer(RELEASE_WAIT_MILLIS, id -> released.tryComplete());
    store.unlock(jobId).onComplete(answer -> {
      vertx.cancelTimer(wait);
      if (answer.failed()) {
        LOG.warning("job " + jobId + " could not release its lease: " + answer.cause().getMessage()
            + " (the store drops it once it is stale)");
      }
      released.tryComplete();
    });
    return released.future();
  }
}
