package dev.cairn.gateway;

import dev.cairn.common.Addresses;
import dev.cairn.common.message.Progress;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * ProgressLine draws a job's progress events as one self-overwriting line on a terminal: phase,
 * files, bytes, rate and, once the job's total is known, a bar and the time left. It reads
 * the same events as the web page. Off a terminal it draws nothing, so scripts read clean output.
 */
final class ProgressLine implements AutoCloseable {
  private static final int BAR = 20;

  private final PrintWriter err;
  private final MessageConsumer<Progress> consumer;
  private int width;

  private ProgressLine(PrintWriter err, EventBus bus, String jobId) {
    this.err = err;
    this.consumer = bus.consumer(Addresses.SCANNER_PROGRESS, m -> {
      if (m.body().jobId().equals(jobId) && !m.body().finished()) {
        draw(m.body());
      }
    });
  }

  /** Follows job {@code jobId} on {@code bus} when standard error is a terminal; otherwise does nothing. */
  static ProgressLine follow(PrintWriter err, EventBus bus, String jobId) {
    return System.console() == null ? null : new ProgressLine(err, bus, jobId);
  }

  static String describe(Progress p) {
    Progress.Counters c = p.counters();
    StringBuilder line = new StringBuilder(p.phase());
    if (c.totalKnown() && (c.bytesTotal() > 0 || c.filesTotal() > 0)) {
      double done = c.bytesTotal() > 0 ? (double) c.bytesDone() / c.bytesTotal() : (double) c.filesDone() / c.filesTotal();
      int filled = (int) Math.round(Math.min(1, done) * BAR);
      line.append(" [").append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ")
          .append(String.format(Locale.ROOT, "%3d%%", (int) Math.floor(Math.min(1, done) * 100)));
    }
    line.append(": ").append(Units.count(c.filesDone())).append(c.totalKnown() ? " of " + Units.count(c.filesTotal()) : "")
        .append(" files, ").append(Units.bytes(c.bytesDone()))
        .append(c.totalKnown() ? " of " + Units.bytes(c.bytesTotal()) : "")
        .append(", ").append(Units.bytes(p.rates().bytesPerSecond())).append("/s");
    if (p.rates().etaMillis() >= 0) {
      line.append(", ").append(Units.seconds(p.rates().etaMillis())).append(" left");
    }
    if (c.filesUnchanged() > 0) {
      line.append(", ").append(Units.count(c.filesUnchanged())).append(" unchanged");
    }
    if (c.errors() > 0) {
      line.append(", ").append(Units.count(c.errors())).append(" errors");
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
