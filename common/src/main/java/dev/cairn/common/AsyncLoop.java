package dev.cairn.common;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Supplier;

/**
 * AsyncLoop repeats an asynchronous step until it says to stop, with a call stack that stays flat
 * however many steps run.
 *
 * <p>It is how trees are walked without recursion: the walker keeps its own stack of directories on
 * the heap and hands this loop one step at a time. A step that completes at once is followed in a
 * plain loop; one that completes later resumes the loop from its own callback, on a fresh stack.
 * Composing one future per level instead would nest a completion chain as deep as the tree, and a
 * tree some thousands of levels deep would overflow the thread's stack.
 */
public final class AsyncLoop {
  private AsyncLoop() {}

  /**
   * Runs {@code step} until its future yields {@code false}; fails at the first step that fails or
   * throws.
   */
  public static Future<Void> repeat(Supplier<Future<Boolean>> step) {
    Promise<Void> done = Promise.promise();
    run(step, done);
    return done.future();
  }

  private static void run(Supplier<Future<Boolean>> step, Promise<Void> done) {
    while (true) {
      Future<Boolean> next;
      try {
        next = step.get();
      } catch (RuntimeException e) {
        done.tryFail(e);
        return;
      }
      if (!next.isComplete()) {
        next.onComplete(r -> {
          if (r.failed()) {
            done.tryFail(r.cause());
          } else if (Boolean.TRUE.equals(r.result())) {
            run(step, done);
          } else {
            done.tryComplete();
          }
        });
        return;
      }
      if (next.failed()) {
        done.tryFail(next.cause());
        return;
      }
      if (!Boolean.TRUE.equals(next.result())) {
        done.tryComplete();
        return;
      }
    }
  }
}
