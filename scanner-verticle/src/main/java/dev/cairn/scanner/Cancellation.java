package dev.cairn.scanner;

import dev.cairn.common.Failures;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/**
 * Cancellation is how a job ends when its user cancels it: it fails with {@link
 * Failures#CANCELLED} once the work it already handed out is answered, so nothing of it is left
 * running, or after a grace period if a hasher is still busy with a large file.
 */
final class Cancellation {
  /** How long a cancelled job waits for work already at hashers. */
  static final long GRACE_MILLIS = 10_000;

  private Cancellation() {}

  /** The failure a cancelled job ends with. */
  static ReplyException failure() {
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, Failures.CANCELLED, "cancelled");
  }

  /** Reports whether {@code e} is the end of a cancelled job. */
  static boolean is(Throwable e) {
    return e instanceof ReplyException re && re.failureCode() == Failures.CANCELLED;
  }

  /** Fails {@code result} as cancelled once {@code quiet} completes, or after the grace period. */
  static void failWhenQuiet(Vertx vertx, Future<Void> quiet, Promise<?> result) {
    long timer = vertx.setTimer(GRACE_MILLIS, id -> result.tryFail(failure()));
    quiet.onComplete(v -> {
      vertx.cancelTimer(timer);
      result.tryFail(failure());
    });
  }
}
