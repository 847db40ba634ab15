package dev.cairn.gateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.Addresses;
import dev.cairn.common.message.Codecs;
import dev.cairn.common.message.Progress;
import dev.cairn.common.message.ScannerMessages.Backup;
import dev.cairn.common.message.ScannerMessages.Cancel;
import dev.cairn.common.message.ScannerMessages.CancelReply;
import dev.cairn.gateway.jobs.JobRequest.BackupRequest;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job runner in front of a scanner that takes a job and then says nothing, as one whose node
 * died does, and in front of one that is slow but alive.
 */
@DisplayName("A job whose scanner goes silent")
class SilentScannerTest {
  /** Short, so the test is quick; four times the slow scanner's interval even so, so a loaded machine does not trip it. */
  private static final long SILENCE_MILLIS = 1_000;
  /** A bound on waits, so a broken runner fails the test instead of hanging it. */
  private static final long PATIENCE_SECONDS = 30;

  @TempDir Path work;
  private Vertx vertx;
  private Context loop;
  private JobRunner runner;
  private final List<Job> recorded = new CopyOnWriteArrayList<>();
  private final List<String> cancelled = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startRunner() throws Exception {
    vertx = Vertx.vertx();
    Codecs.register(vertx);
    loop = vertx.getOrCreateContext();
    vertx.eventBus().<Cancel>consumer(Addresses.SCANNER_CANCEL, m -> {
      cancelled.add(m.body().jobId());
      m.reply(new CancelReply(false));
    });
    onLoop(() -> {
      JobFeed feed = new JobFeed();
      feed.followAll(recorded::add);
      // One slot and no queue: a job that never ends would refuse every later one.
      runner = new JobRunner(vertx, new LocalJobRegistry(10), feed, "h", 1, 0, Clock.systemUTC(), SILENCE_MILLIS);
      return Future.succeededFuture();
    });
  }

  @AfterEach
  void stopVertx() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(PATIENCE_SECONDS, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("fails with the reason once no progress has come for the limit, frees its slot, and asks the scanner to stop")
  void silentScannerFailsTheJob() throws Exception {
    // A scanner that took the job and died: the request is never answered and no event comes.
    vertx.eventBus().<Backup>consumer(Addresses.SCANNER_BACKUP, m -> {});
    Path source = Files.createDirectory(work.resolve("src"));

    Job first = onLoop(() -> runner.submit(new BackupRequest(List.of(source.toString()), false)));
    Job failed = awaitEnd(first.id());
    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.error()).isEqualTo("its scanner stopped answering (no progress for 1 s)");
    assertThat(onLoop(() -> Future.succeededFuture(runner.active(JobState.RUNNING)))).isZero();
    assertThat(cancelled).contains(first.id());

    Job second = onLoop(() -> runner.submit(new BackupRequest(List.of(source.toString()), false)));
    assertThat(second.state()).as("the freed slot takes the next job").isEqualTo(JobState.RUNNING);
  }

  @Test
  @DisplayName("keeps running a slow job whose scanner keeps publishing progress, until it ends")
  void slowScannerKeepsTheJob() throws Exception {
    long runsMillis = 3 * SILENCE_MILLIS;
    vertx.eventBus().<Backup>consumer(Addresses.SCANNER_BACKUP, m -> {
      String id = m.body().jobId();
      long started = System.currentTimeMillis();
      vertx.setPeriodic(SILENCE_MILLIS / 4, t -> {
        long elapsed = System.currentTimeMillis() - started;
        boolean done = elapsed >= runsMillis;
        vertx.eventBus().publish(Addresses.SCANNER_PROGRESS, event(id, elapsed, done));
        if (done) {
          vertx.cancelTimer(t);
        }
      });
    });
    vertx.eventBus().<Progress>consumer(Addresses.SCANNER_PROGRESS, m -> loop.runOnContext(v -> runner.progress(m.body())));
    Path source = Files.createDirectory(work.resolve("src"));

    Job job = onLoop(() -> runner.submit(new BackupRequest(List.of(source.toString()), false)));
    Job ended = awaitEnd(job.id());
    assertThat(ended.state()).as("error: %s", ended.error()).isEqualTo(JobState.SUCCEEDED);
    assertThat(ended.progress().elapsedMillis()).as("it ran longer than the silence limit").isGreaterThan(runsMillis - 1);
    assertThat(ended.snapshot()).isEqualTo("af13");
  }

  private static Progress event(String id, long elapsed, boolean done) {
    return new Progress(id, "backup", done ? Progress.DONE : Progress.SCANNING,
        new Progress.Counters(1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, true), new Progress.Rates(0, 0, -1),
        new Progress.Queues(0, 0, 0), List.of(), elapsed, done ? Progress.SUCCEEDED : null, done ? "af13" : null);
  }

  /** Waits for job {@code id} to end, as the runner recorded it. */
  private Job awaitEnd(String id) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
    while (System.nanoTime() < deadline) {
      for (Job job : recorded) {
        if (job.id().equals(id) && job.state().terminal()) {
          return job;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("job " + id + " did not end within " + PATIENCE_SECONDS + " s: " + recorded);
  }

  /** Runs {@code action} on the runner's event loop, as the gateway does, and waits for its result. */
  private <T> T onLoop(Supplier<Future<T>> action) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    loop.runOnContext(v -> action.get().onComplete(done -> {
      if (done.succeeded()) {
        result.complete(done.result());
      } else {
        result.completeExceptionally(done.cause());
      }
    }));
    return result.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
  }
}
