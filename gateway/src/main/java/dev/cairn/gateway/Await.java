package dev.cairn.gateway;

import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Await blocks a command-line thread (never a Vert.x thread) until a future completes. */
final class Await {
  private Await() {}

  static <T> T result(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(1, "interrupted");
    } catch (ExecutionException e) {
      throw CliFailure.from(e.getCause());
    }
  }

  /** Waits as {@link #result(Future)} does, at most {@code timeoutMillis}. */
  static <T> T result(Future<T> future, long timeoutMillis) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure(1, "interrupted");
    } catch (ExecutionException e) {
      throw CliFailure.from(e.getCause());
    } catch (TimeoutException e) {
      throw new CliFailure(1, "no answer in " + timeoutMillis + " ms");
    }
  }
}
