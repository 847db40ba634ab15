package dev.cairn.gateway;

import dev.cairn.common.Addresses;
import dev.cairn.common.message.Progress;
import dev.cairn.gateway.jobs.Job;
import dev.cairn.gateway.jobs.JobJson;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * JobLines prints a job as JSON lines for {@code --json}: one line per progress event, each the
 * job as the web API shows it, the last one once the job has ended (with {@code snapshot}).
 *
 * <p>Events arrive on an event loop, which must never wait for a slow reader of standard output;
 * they only leave the latest state here, and the command's own thread prints it. A reader slower
 * than four lines a second misses states in between, never the last.
 */
final class JobLines implements AutoCloseable {
  /** How long the command waits for the job's last event once its answer has come. */
  private static final long LAST_EVENT_MILLIS = 2_000;

  private final PrintWriter out;
  private final MessageConsumer<Progress> consumer;
  private Job job;
  /** The latest state not printed yet, or {@code null}. Guarded by {@code this}. */
  private Job pending;

  private JobLines(PrintWriter out, EventBus bus, Job job) {
    this.out = out;
    this.job = job;
    this.consumer = bus.consumer(Addresses.SCANNER_PROGRESS, m -> take(m.body()));
  }

  /** Prints the states of {@code job} on {@code out} when {@code json} is set; otherwise does nothing. */
  static JobLines follow(boolean json, PrintWriter out, EventBus bus, Job job) {
    return json ? new JobLines(out, bus, job) : null;
  }

  private synchronized void take(Progress p) {
    if (p.jobId().equals(job.id()) && !job.state().terminal()) {
      job = job.withProgress(p, Instant.now());
      pending = job;
      notifyAll();
    }
  }

  /**
   * Waits for the job's answer on this thread, printing its states meanwhile, then its last state:
   * the one its last event gave or, if that does not come, one made from the answer. Returns the
   * answer, or throws its failure.
   */
  <T> T await(Future<T> answer, Function<T, String> snapshotOf) {
    while (!answer.isComplete()) {
      printPending(100);
    }
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LAST_EVENT_MILLIS);
    while (!ended() && System.nanoTime() < deadline) {
      printPending(50);
    }
    printPending(0);
    synchronized (this) {
      if (!job.state().terminal()) {
        job = answer.succeeded() ? job.succeeded(snapshotOf.apply(answer.result()), Instant.now())
            : job.failed(CliFailure.from(answer.cause()).getMessage(), Instant.now());
        print(job);
      }
    }
    return Await.result(answer);
  }

  private synchronized boolean ended() {
    return job.state().terminal();
  }

  private void printPending(long waitMillis) {
    Job next;
    synchronized (this) {
      if (pending == null && waitMillis > 0) {
        try {
          wait(waitMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      next = pending;
      pending = null;
    }
    if (next != null) {
      print(next);
    }
  }

  private void print(Job state) {
    out.println(JobJson.of(state).encode());
    out.flush();
  }

  @Override
  public void close() {
    consumer.unregister();
  }
}
