package dev.cairn.gateway;

import dev.cairn.common.Addresses;
import dev.cairn.common.message.ScannerMessages.Progress;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.PrintWriter;

/**
 * ProgressLine draws a job's progress events as one self-overwriting line on a terminal: files,
 * bytes, rate and, once the walk has counted everything, the time left. Off a terminal it draws
 * nothing, so scripts read clean output.
 */
final class ProgressLine implements AutoCloseable {
  private final PrintWriter err;
  private final MessageConsumer<Progress> consumer;
  private int width;

  private ProgressLine(PrintWriter err, EventBus bus, String jobId) {
    this.err = err;
    this.consumer = bus.consumer(Addresses.SCANNER_PROGRESS, m -> {
      if (m.body().jobId().equals(jobId) && !"done".equals(m.body().phase())) {
        draw(m.body());
      }
    });
  }

  /** Follows job {@code jobId} on {@code bus} when standard error is a terminal; otherwise does nothing. */
  static ProgressLine follow(PrintWriter err, EventBus bus, String jobId) {
    return System.console() == null ? null : new ProgressLine(err, bus, jobId);
  }

  static String describe(Progress p) {
    StringBuilder line = new StringBuilder()
        .append(p.phase()).append(": ")
        .append(Units.count(p.filesDone())).append(p.walkDone() ? " of " + Units.count(p.filesFound()) : "")
        .append(" files, ").append(Units.bytes(p.bytesDone()));
    if (p.walkDone()) {
      line.append(" of ").append(Units.bytes(p.bytesFound()));
    }
    line.append(", ").append(Units.rate(p.bytesDone(), p.elapsedMillis()));
    if (p.walkDone() && p.bytesDone() > 0 && p.bytesFound() > p.bytesDone()) {
      long left = (p.bytesFound() - p.bytesDone()) * p.elapsedMillis() / p.bytesDone();
      line.append(", ").append(Units.seconds(left)).append(" left");
    }
    if (p.errors() > 0) {
      line.append(", ").append(Units.count(p.errors())).append(" errors");
    }
    return line.toString();
  }

  private synchronized void draw(Progress p) {
    String line = describe(p);
    err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
    err.flush();
    width = line.length();
  }

  @Override
  public synchronized void close() {
    consumer.unregister();
    if (width > 0) {
      err.print("\r" + " ".repeat(width) + "\r");
      err.flush();
    }
  }
}
