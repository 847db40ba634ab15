package dev.cairn.common.pressure;

import dev.cairn.common.Failures;
import dev.cairn.common.message.StoreMessages;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * StoreRequests sends requests to the store with a timeout, retries those that failed in a way a
 * later try may fix, with {@link Backoff}, and consults the node's {@link StoreBreaker} before
 * each try. Fatal failures (bad input, damaged data, a full disk) are never retried.
 *
 * <p>While the breaker is open, a retry waits at least until it half-opens. A request to a store in
 * the same process gives up after the tries of {@link #BACKOFF}; one to a remote store keeps trying
 * (every 2 s at most, or when the breaker half-opens) until its {@link StorePatience#outageMillis}
 * have passed, so a store that restarts within that time costs the job a pause, not its run. When
 * it gives up, the request fails with {@link Failures#UNAVAILABLE} and a message that says the
 * store is unavailable. Retrying is safe because every store request is idempotent.
 * Timers and replies run on the caller's context, so a worker that sends a request sees the reply
 * on its own thread.
 */
public final class StoreRequests {
  private static final Logger LOG = Logger.getLogger(StoreRequests.class.getName());
  /** The retries of every store request: 100 ms doubling to 2 s, six tries, about 3 s of waiting at most. */
  public static final Backoff BACKOFF = new Backoff(100, 2_000, 6);

  private final Vertx vertx;
  private final DeliveryOptions delivery;
  private final Backoff backoff;
  private final StoreBreaker breaker;
  private final long outageMillis;
  private final LongSupplier clockMillis;
  private final SplittableRandom random = new SplittableRandom();
  /** The repository every reply must come from, or {@code null} before a job has pinned one. */
  private final String repositoryId;

  /** Requests from a room of the node {@code vertx} runs, as patient as {@code patience} says. */
  public StoreRequests(Vertx vertx, StorePatience patience) {
    this(vertx, patience, BACKOFF, StoreBreaker.of(vertx), System::currentTimeMillis);
  }

  public StoreRequests(Vertx vertx, StorePatience patience, Backoff backoff, StoreBreaker breaker,
      LongSupplier clockMillis) {
    this(vertx, new DeliveryOptions().setSendTimeout(patience.timeoutMillis()), backoff, breaker,
        patience.outageMillis(), clockMillis, null);
  }

  private StoreRequests(Vertx vertx, DeliveryOptions delivery, Backoff backoff, StoreBreaker breaker,
      long outageMillis, LongSupplier clockMillis, String repositoryId) {
    this.vertx = vertx;
    this.delivery = delivery;
    this.backoff = backoff;
    this.breaker = breaker;
    this.outageMillis = outageMillis;
    this.clockMillis = clockMillis;
    this.repositoryId = repositoryId;
  }

  /**
   * These requests, accepting replies from stores of repository {@code id} only: a reply from a
   * store of any other repository fails the request with {@link Failures#WRONG_REPOSITORY}. A job
   * pins the repository it began with, so two stores of different repositories under one cluster
   * name can never split its snapshot between them.
   */
  public StoreRequests pinnedTo(String id) {
    return new StoreRequests(vertx, delivery, backoff, breaker, outageMillis, clockMillis, id);
  }

  /** The repository these requests are pinned to, or {@code null}. */
  public String repositoryId() {
    return repositoryId;
  }

  /** Sends {@code body} to {@code address}; completes with the reply's body. */
  public <T> Future<T> request(String address, Object body) {
    Promise<T> result = Promise.promise();
    attempt(new Attempt<>(address, body, clockMillis.getAsLong(), result), 1);
    return result.future();
  }

  /** One request: where it goes, what it carries, when its first try began, and who waits for it. */
  private record Attempt<T>(String address, Object body, long startedAt, Promise<T> result) {}

  /** Reports whether a try that failed with {@code e} may succeed later. */
  public static boolean recoverable(Throwable e) {
    if (!(e instanceof ReplyException re)) {
      return false;
    }
    return re.failureType() == ReplyFailure.TIMEOUT || re.failureType() == ReplyFailure.NO_HANDLERS
        || re.failureCode() == Failures.UNAVAILABLE;
  }

  private <T> void attempt(Attempt<T> request, int tries) {
    if (!breaker.allow()) {
      retryOrGiveUp(request, tries, "the circuit breaker is open after repeated failures");
      return;
    }
    vertx.eventBus().<T>request(request.address(), request.body(), delivery).onComplete(reply -> {
      if (reply.succeeded()) {
        breaker.succeeded();
        String from = reply.result().headers().get(StoreMessages.REPOSITORY_HEADER);
        if (repositoryId != null && !repositoryId.equals(from)) {
          request.result().fail(wrongRepository(request.address(), from));
          return;
        }
        request.result().complete(reply.result().body());
      } else if (recoverable(reply.cause())) {
        breaker.failed();
        retryOrGiveUp(request, tries, reply.cause().getMessage());
      } else {
        breaker.succeeded();
        request.result().fail(reply.cause());
      }
    });
  }

  private ReplyException wrongRepository(String address, String from) {
    String answered = from == null ? "a store that names no repository" : "a store of repository " + from;
    LOG.severe(() -> answered + " answered " + address + " for a job pinned to repository " + repositoryId);
    return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, Failures.WRONG_REPOSITORY, answered + " answered "
        + address + ", but this job began with repository " + repositoryId + ": two stores serve different "
        + "repositories under one cluster name; give each repository a cluster of its own (--cluster-name)");
  }

  private <T> void retryOrGiveUp(Attempt<T> request, int tries, String why) {
    long waited = clockMillis.getAsLong() - request.startedAt();
    if (tries >= backoff.attempts() && waited >= outageMillis) {
      String after = outageMillis == 0 ? "" : " for " + waited / 1000 + " s";
      request.result().fail(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, Failures.UNAVAILABLE,
          "the store is unavailable (" + request.address() + " failed " + tries + " times" + after + ", last: " + why
              + "); check that the store node is running and has room, then run the job again"));
      return;
    }
    if (tries == backoff.attempts()) {
      LOG.warning(() -> "the store does not answer " + request.address() + "; waiting up to " + outageMillis / 1000
          + " s for it to come back");
    }
    // Waiting less than the breaker stays open would only spend a try on a refusal.
    long delay = Math.max(backoff.delayMillis(Math.min(tries, backoff.attempts()), random), breaker.millisUntilTrial());
    vertx.setTimer(delay, id -> attempt(request, tries + 1));
  }
}
