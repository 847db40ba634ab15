package dev.cairn.common.pressure;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Shareable;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * StoreBreaker is a circuit breaker over a node's store requests. After {@code threshold}
 * recoverable failures in a row it opens: requests fail at once instead of reaching a store that
 * is down. After {@code resetMillis} it half-opens and lets one request through to test the
 * store; that request's success closes it, its failure opens it again. Every change is logged.
 *
 * <p>One breaker serves every room of a node ({@link #of}), so hashers and the scanner learn
 * together that the store is gone. Thread-safe: hashers call it from their worker threads.
 */
public final class StoreBreaker implements Shareable {
  private static final Logger LOG = Logger.getLogger(StoreBreaker.class.getName());
  private static final String MAP = "cairn.store.breaker";

  /** Closed: requests pass. Open: they fail at once. Half-open: one request tests the store. */
  public enum State { CLOSED, OPEN, HALF_OPEN }

  private final int threshold;
  private final long resetMillis;
  private final LongSupplier clockMillis;
  private State state = State.CLOSED;
  private int failures;
  private long openedAt;
  private boolean trialOut;
  private long opened;

  /** A breaker that opens after {@code threshold} failures in a row and half-opens after {@code resetMillis}. */
  public StoreBreaker(int threshold, long resetMillis, LongSupplier clockMillis) {
    this.threshold = threshold;
    this.resetMillis = resetMillis;
    this.clockMillis = clockMillis;
  }

  /** The breaker of the node that {@code vertx} runs, made on first use: 5 failures, 1 s to half-open. */
  public static StoreBreaker of(Vertx vertx) {
    return vertx.sharedData().<String, StoreBreaker>getLocalMap(MAP)
        .computeIfAbsent("store", k -> new StoreBreaker(5, 1_000, System::currentTimeMillis));
  }

  /** Reports whether a request may go to the store now; in half-open state, only one at a time may. */
  public synchronized boolean allow() {
    if (state == State.OPEN && clockMillis.getAsLong() - openedAt >= resetMillis) {
      move(State.HALF_OPEN, "testing whether the store is back");
      trialOut = false;
    }
    if (state == State.HALF_OPEN) {
      if (trialOut) {
        return false;
      }
      trialOut = true;
      return true;
    }
    return state == State.CLOSED;
  }

  /** Records that a request the breaker allowed was answered. */
  public synchronized void succeeded() {
    failures = 0;
    if (state != State.CLOSED) {
      move(State.CLOSED, "the store answers again");
    }
  }

  /** Records a recoverable failure of a request the breaker allowed. */
  public synchronized void failed() {
    failures++;
    if (state == State.HALF_OPEN || (state == State.CLOSED && failures >= threshold)) {
      openedAt = clockMillis.getAsLong();
      opened++;
      move(State.OPEN, failures + " failures in a row; requests fail at once for " + resetMillis + " ms");
    }
  }

  /** How long until an open breaker lets a trial through; 0 unless it is open. */
  public synchronized long millisUntilTrial() {
    return state == State.OPEN ? Math.max(0, openedAt + resetMillis - clockMillis.getAsLong()) : 0;
  }

  public synchronized State state() {
    return state;
  }

  /** How many times the breaker has opened. */
  public synchronized long timesOpened() {
    return opened;
  }

  private void move(State next, String why) {
    State before = state;
    state = next;
    LOG.warning(() -> "store circuit breaker " + before + " -> " + next + ": " + why);
  }
}
