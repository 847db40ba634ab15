package dev.cairn.scanner;

import dev.cairn.common.Addresses;
import dev.cairn.common.Failures;
import dev.cairn.common.message.Codecs;
import dev.cairn.common.message.ScannerMessages.Backup;
import dev.cairn.common.message.ScannerMessages.ListTree;
import dev.cairn.common.message.ScannerMessages.Restore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import java.util.function.Function;

/**
 * ScannerVerticle drives jobs on {@code cairn.scanner.*}: it walks a filesystem for a backup or a
 * snapshot for a restore or a listing, and publishes each running job's progress.
 *
 * <p>An event-loop verticle: every filesystem call it makes runs on a worker thread.
 */
public final class ScannerVerticle extends VerticleBase {
  private final ScannerOptions options;
  private ScannerStore store;

  public ScannerVerticle(ScannerOptions options) {
    this.options = options;
  }

  @Override
  public Future<?> start() {
    Codecs.register(vertx);
    store = new ScannerStore(vertx.eventBus());
    return Future.all(
        vertx.eventBus().consumer(Addresses.SCANNER_BACKUP, this::backup).completion(),
        vertx.eventBus().consumer(Addresses.SCANNER_RESTORE, this::restore).completion(),
        vertx.eventBus().consumer(Addresses.SCANNER_LIST, this::list).completion());
  }

  private void backup(Message<Backup> message) {
    JobCounters counters = new JobCounters(message.body().jobId(), options.clock());
    answer(message, tracked(counters, "backup", new BackupJob(vertx, store, message.body(), options, counters).run()));
  }

  private void restore(Message<Restore> message) {
    JobCounters counters = new JobCounters(message.body().jobId(), options.clock());
    answer(message, tracked(counters, "restore", new RestoreJob(vertx, store, message.body(), options, counters).run()));
  }

  private void list(Message<ListTree> message) {
    answer(message, new SnapshotListing(store).run(message.body()));
  }

  /** Publishes {@code counters} while {@code job} runs, and once more when it ends. */
  private <T> Future<T> tracked(JobCounters counters, String phase, Future<T> job) {
    long timer = vertx.setPeriodic(options.progressMillis(),
        id -> vertx.eventBus().publish(Addresses.SCANNER_PROGRESS, counters.progress(phase)));
    return job.andThen(done -> {
      vertx.cancelTimer(timer);
      vertx.eventBus().publish(Addresses.SCANNER_PROGRESS, counters.progress("done"));
    });
  }

  private static <T> void answer(Message<?> message, Future<T> result) {
    result.onSuccess(message::reply).onFailure(e -> {
      if (e instanceof ReplyException re && re.failureCode() > 0) {
        message.fail(re.failureCode(), re.getMessage());
      } else if (e instanceof IllegalArgumentException) {
        message.fail(Failures.BAD_INPUT, e.getMessage());
      } else {
        message.fail(Failures.INTERNAL, String.valueOf(e.getMessage()));
      }
    });
  }
}
