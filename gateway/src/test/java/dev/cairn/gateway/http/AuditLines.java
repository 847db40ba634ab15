package dev.cairn.gateway.http;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

/** AuditLines collects the gateway's audit lines, as JSON, while it is open. */
final class AuditLines extends Handler implements AutoCloseable {
  private final List<JsonObject> lines = new CopyOnWriteArrayList<>();

  AuditLines() {
    AuditLog.LOG.addHandler(this);
  }

  @Override
  public void publish(LogRecord record) {
    String message = record.getMessage();
    if (message.startsWith("audit ")) {
      lines.add(new JsonObject(message.substring("audit ".length())));
    }
  }

  /** Every line so far. */
  List<JsonObject> all() {
    return List.copyOf(lines);
  }

  /** Waits until at least {@code n} lines are written; fails after {@code timeout}. */
  List<JsonObject> await(int n, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (lines.size() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + lines.size() + " audit lines of " + n + ": " + lines);
      }
      Thread.sleep(20); // polling for a line to appear, not waiting in place of a check
    }
    return all();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    AuditLog.LOG.removeHandler(this);
  }
}
