package dev.cairn.gateway;

import dev.cairn.common.Addresses;
import dev.cairn.common.message.ScannerMessages.Cancel;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * StopOnSignal lets a command's job end cleanly when the process is told to stop (SIGTERM,
 * Ctrl-C): a shutdown hook cancels the job and holds the JVM until the command has closed its
 * node, so the store seals and indexes what it holds, or until {@link #BOUND_MILLIS} have passed.
 *
 * <p>The JVM then exits with the signal's status (143 for SIGTERM). The repository stays
 * consistent however far this gets: its write order sees to that.
 */
final class StopOnSignal implements AutoCloseable {
  /** The longest a stop holds the JVM: a cancelled job waits at most 10 s for its hashers, then the node closes. */
  static final long BOUND_MILLIS = 20_000;

  private final Thread hook;
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile boolean requested;

  private StopOnSignal(CairnNode node, String jobId, PrintWriter err) {
    this.hook = new Thread(() -> {
      requested = true;
      err.println("cairn: stopping: cancelling the job and keeping what it stored");
      err.flush();
      node.bus().request(Addresses.SCANNER_CANCEL, new Cancel(jobId));
      try {
        if (!closed.await(BOUND_MILLIS, TimeUnit.MILLISECONDS)) {
          err.println("cairn: stopped before the repository was closed; run check before the next backup");
          err.flush();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "cairn-stop");
  }

  /** Cancels job {@code jobId} on {@code node} if the process is told to stop, until {@link #close}. */
  static StopOnSignal install(CairnNode node, String jobId, PrintWriter err) {
    StopOnSignal stop = new StopOnSignal(node, jobId, err);
    Runtime.getRuntime().addShutdownHook(stop.hook);
    return stop;
  }

  /** Reports whether the process has been told to stop. */
  boolean requested() {
    return requested;
  }

  /** Says the command is done with its node: a stop under way may let the JVM exit now. */
  @Override
  public void close() {
    closed.countDown();
    if (!requested) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook runs already; it returns at once, since the node is closed.
      }
    }
  }
}
