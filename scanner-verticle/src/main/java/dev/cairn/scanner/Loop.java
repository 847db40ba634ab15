package dev.cairn.scanner;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;

/**
 * Loop runs an asynchronous step over a list, one item after the other.
 *
 * <p>Steps that complete at once are run in a plain loop rather than by composing futures, so a
 * directory of a million entries does not build a million-deep call stack.
 */
final class Loop {
  private Loop() {}

  /** Runs {@code step} on each item in order; fails at the first step that fails. */
  static <T> Future<Void> forEach(List<T> items, Function<T, Future<Void>> step) {
    Promise<Void> done = Promise.promise();
    next(items.iterator(), step, done);
    return done.future();
  }

  private static <T> void next(Iterator<T> items, Function<T, Future<Void>> step, Promise<Void> done) {
    while (items.hasNext()) {
      Future<Void> f = step.apply(items.next());
      if (!f.isComplete()) {
        f.onComplete(r -> {
          if (r.succeeded()) {
            next(items, step, done);
          } else {
            done.fail(r.cause());
          }
        });
        return;
      }
      if (f.failed()) {
        done.fail(f.cause());
        return;
      }
    }
    done.complete();
  }
}
