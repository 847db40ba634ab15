package dev.cairn.common.pressure;

import dev.cairn.common.Failures;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.SplittableRandom;

/**
 * StoreRequests sends requests to the store with a timeout, retries those that failed in a way a
 * later try may fix, with {@link Backoff}, and consults the node's {@link StoreBreaker} before
 * each try. Fatal failures (bad input, damaged data, a full disk) are never retried.
 *
 * <p>While the breaker is open, a retry waits at least until it half-opens. When every try has failed, the request fails with {@link Failures#UNAVAILABLE} and a message
 * that says the store is unavailable. Retrying is safe because every store request is idempotent.
 * Timers and replies run on the caller's context, so a worker that sends a request sees the reply
 * on its own thread.
 */
public final class StoreRequests {
  /** The retries of every store request: 100 ms doubling to 2 s, six tries, about 3 s of waiting at most. */
  public static final Backoff BACKOFF = new Backoff(100, 2_000, 6);

  private final Vertx vertx;
  private final DeliveryOptions delivery;
  private final Backoff backoff;
  private final StoreBreaker breaker;
  private final SplittableRandom random = new SplittableRandom();

  /** Requests from a room of the node {@code vertx} runs, each answered within {@code timeoutMillis} or tried again. */
  public StoreRequests(Vertx vertx, long timeoutMillis) {
    this(vertx, timeoutMillis, BACKOFF, StoreBreaker.of(vertx));
  }

  public StoreRequests(Vertx vertx, long timeoutMillis, Backoff backoff, StoreBreaker breaker) {
    this.vertx = vertx;
    this.delivery = new DeliveryOptions().setSendTimeout(timeoutMillis);
    this.backoff = backoff;
    this.breaker = breaker;
  }

  /** Sends {@code body} to {@code address}; completes with the reply's body. */
  public <T> Future<T> request(String address, Object body) {
    Promise<T> result = Promise.promise();
    attempt(address, body, 1, result);
    return result.future();
  }

  /** Reports whether a try that failed with {@code e} may succeed later. */
  public static boolean recoverable(Throwable e) {
    if (!(e instanceof ReplyException re)) {
      return false;
    }
    return re.failureType() == ReplyFailure.TIMEOUT || re.failureType() == ReplyFailure.NO_HANDLERS
        || re.failureCode() == Failures.UNAVAILABLE;
  }

  private <T> void attempt(String address, Object body, int tries, Promise<T> result) {
    if (!breaker.allow()) {
      retryOrGiveUp(address, body, tries, result, "the circuit breaker is open after repeated failures");
      return;
    }
    vertx.eventBus().<T>request(address, body, delivery).onComplete(reply -> {
      if (reply.succeeded()) {
        breaker.succeeded();
        result.complete(reply.result().body());
      } else if (recoverable(reply.cause())) {
        breaker.failed();
        retryOrGiveUp(address, body, tries, result, reply.cause().getMessage());
      } else {
        breaker.succeeded();
        result.fail(reply.cause());
      }
    });
  }

  private <T> void retryOrGiveUp(String address, Object body, int tries, Promise<T> result, String why) {
    if (tries >= backoff.attempts()) {
      result.fail(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, Failures.UNAVAILABLE,
          "the store is unavailable (" + address + " failed " + tries + " times, last: " + why
              + "); check that the store node is running and has room, then run the job again"));
      return;
    }
    // Waiting less than the breaker stays open would only spend a try on a refusal.
    long delay = Math.max(backoff.delayMillis(tries, random), breaker.millisUntilTrial());
    vertx.setTimer(delay, id -> attempt(address, body, tries + 1, result));
  }
}
