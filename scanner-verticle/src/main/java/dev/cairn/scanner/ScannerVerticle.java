package dev.cairn.scanner;

import dev.cairn.common.Addresses;
import dev.cairn.common.Failures;
import dev.cairn.common.crypto.Keyring;
import dev.cairn.common.message.Codecs;
import dev.cairn.common.message.Progress;
import dev.cairn.common.message.ScannerMessages.Backup;
import dev.cairn.common.message.ScannerMessages.Cancel;
import dev.cairn.common.message.ScannerMessages.CancelReply;
import dev.cairn.common.message.ScannerMessages.ListTree;
import dev.cairn.common.message.ScannerMessages.Restore;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * ScannerVerticle drives jobs on {@code cairn.scanner.*}: it walks a filesystem for a backup or a
 * snapshot for a restore or a listing, publishes each running job's progress, and cancels a job
 * on request.
 *
 * <p>An event-loop verticle: every filesystem call it makes runs on a worker thread.
 */
public final class ScannerVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(ScannerVerticle.class.getName());
  private final ScannerOptions options;
  /** The running jobs by id, each with its stop switch. */
  private final Map<String, BooleanSupplier> running = new HashMap<>();
  private ScannerStore store;

  private final Keyring keyring;

  /** A scanner that opens encrypted repositories with the codecs and password of {@code keyring}. */
  public ScannerVerticle(ScannerOptions options, Keyring keyring) {
    this.options = options;
    this.keyring = keyring;
  }

  /** A scanner for plain-text repositories and those its node's store opened. */
  public ScannerVerticle(ScannerOptions options) {
    this(options, Keyring.withoutPassword());
  }

  @Override
  public Future<?> start() {
    Codecs.register(vertx);
    store = new ScannerStore(vertx, options.storePatience(), keyring);
    return Future.all(
        vertx.eventBus().consumer(Addresses.SCANNER_BACKUP, this::backup).completion(),
        vertx.eventBus().consumer(Addresses.SCANNER_RESTORE, this::restore).completion(),
        vertx.eventBus().consumer(Addresses.SCANNER_LIST, this::list).completion(),
        vertx.eventBus().consumer(Addresses.SCANNER_CANCEL, this::cancel).completion());
  }

  private void backup(Message<Backup> message) {
    if (refuseDuplicate(message, message.body().jobId())) {
      return;
    }
    JobCounters counters = new JobCounters(message.body().jobId(), "backup", options.clock());
    BackupJob job = new BackupJob(vertx, store, message.body(), options, counters);
    answer(message, tracked(counters, job::cancel, job.run(), snapshot -> snapshot.id().hex()));
  }

  private void restore(Message<Restore> message) {
    if (refuseDuplicate(message, message.body().jobId())) {
      return;
    }
    JobCounters counters = new JobCounters(message.body().jobId(), "restore", options.clock());
    RestoreJob job = new RestoreJob(vertx, store, message.body(), options, counters);
    answer(message, tracked(counters, job::cancel, job.run(), summary -> summary.snapshot()));
  }

  private void list(Message<ListTree> message) {
    answer(message, store.pinned().compose(pinned -> new SnapshotListing(pinned).run(message.body())));
  }

  private void cancel(Message<Cancel> message) {
    BooleanSupplier job = running.get(message.body().jobId());
    message.reply(new CancelReply(job != null && job.getAsBoolean()));
  }

  private boolean refuseDuplicate(Message<?> message, String jobId) {
    if (running.containsKey(jobId)) {
      message.fail(Failures.CONFLICT, "job " + jobId + " is already running");
      return true;
    }
    return false;
  }

  /**
   * Keeps {@code job} cancellable while it runs and publishes its progress: at once, every {@code
   * progressMillis}, and once more when it ends, with its outcome.
   */
  private <T> Future<T> tracked(JobCounters counters, BooleanSupplier cancel, Future<T> job,
      Function<T, String> detail) {
    running.put(counters.jobId, cancel);
    publish(counters.progress());
    long timer = vertx.setPeriodic(options.progressMillis(), id -> publish(counters.progress()));
    return job.andThen(done -> {
      vertx.cancelTimer(timer);
      running.remove(counters.jobId);
      publish(ending(counters, done, detail));
    });
  }

  private static <T> Progress ending(JobCounters counters, AsyncResult<T> done, Function<T, String> detail) {
    if (done.succeeded()) {
      return counters.finished(Progress.SUCCEEDED, detail.apply(done.result()));
    }
    if (Cancellation.is(done.cause())) {
      return counters.finished(Progress.CANCELLED, null);
    }
    return counters.finished(Progress.FAILED, Failures.describe(done.cause()));
  }

  private void publish(Progress progress) {
    vertx.eventBus().publish(Addresses.SCANNER_PROGRESS, progress);
  }

  /**
   * Answers {@code message} with the result, or with why it failed. A failure another room
   * answered with was logged there and keeps its code; bad input is the caller's; anything else is
   * a defect of this scanner, logged here with its stack trace.
   */
  private static <T> void answer(Message<?> message, Future<T> result) {
    result.onSuccess(message::reply).onFailure(e -> {
      if (e instanceof ReplyException re && re.failureCode() > 0) {
        message.fail(re.failureCode(), Failures.describe(re));
      } else if (e instanceof IllegalArgumentException) {
        LOG.log(Level.FINE, "refused " + message.address(), e);
        message.fail(Failures.BAD_INPUT, Failures.describe(e));
      } else {
        LOG.log(Level.WARNING, message.address() + " failed", e);
        message.fail(Failures.INTERNAL, Failures.describe(e));
      }
    });
  }
}
