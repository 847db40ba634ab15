package dev.cairn.scanner;

import dev.cairn.common.message.Progress.Rates;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Throughput turns samples of a job's running totals into rates over the last few seconds, and,
 * once the job's total is known, into the time left.
 *
 * <p>Rates come from a sliding window rather than from the start of the job, so a job that sped
 * up or slowed down shows its speed now, and a backup that took thousands of unchanged files in
 * its first second does not promise that speed for the files it still has to read.
 */
final class Throughput {
  /** How far back rates look. */
  static final long WINDOW_MILLIS = 5_000;

  /** One sample of the totals at a moment. */
  private record Sample(long millis, long bytesRead, long filesDone, long bytesDone) {}

  private final Deque<Sample> samples = new ArrayDeque<>();

  /** Starts measuring at {@code startMillis}, with nothing done yet. */
  Throughput(long startMillis) {
    samples.add(new Sample(startMillis, 0, 0, 0));
  }

  /**
   * Records the totals at {@code nowMillis} and returns the rates over the window. The time left
   * is {@code -1} while {@code bytesTotal} is unknown ({@code -1}), and while nothing moves.
   */
  Rates sample(long nowMillis, long bytesRead, long filesDone, long bytesDone, long bytesTotal) {
    boolean known = bytesTotal >= 0;
    Sample now = new Sample(nowMillis, bytesRead, filesDone, bytesDone);
    // Keep one sample at or before the window's start, so the window is always full once the job is older than it.
    while (samples.size() > 1 && second().millis() <= nowMillis - WINDOW_MILLIS) {
      samples.removeFirst();
    }
    Sample first = samples.peekFirst();
    samples.addLast(now);
    long span = nowMillis - first.millis();
    if (span <= 0) {
      return new Rates(0, 0, known && bytesDone >= bytesTotal ? 0 : -1);
    }
    long bytesPerSecond = (bytesRead - first.bytesRead()) * 1000 / span;
    long filesPerSecond = (filesDone - first.filesDone()) * 1000 / span;
    long donePerSecond = (bytesDone - first.bytesDone()) * 1000 / span;
    long left = Math.max(0, bytesTotal - bytesDone);
    long eta;
    if (!known) {
      eta = -1;
    } else if (left == 0) {
      eta = 0;
    } else {
      eta = donePerSecond > 0 ? left * 1000 / donePerSecond : -1;
    }
    return new Rates(bytesPerSecond, filesPerSecond, eta);
  }

  private Sample second() {
    Iterator<Sample> it = samples.iterator();
    it.next();
    return it.next();
  }
}
