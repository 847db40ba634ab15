package dev.cairn.gateway.jobs;

import dev.cairn.common.Addresses;
import dev.cairn.common.Failures;
import dev.cairn.common.message.Progress;
import dev.cairn.common.message.ScannerMessages.Cancel;
import dev.cairn.common.message.ScannerMessages.CancelReply;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.message.StoreMessages.FindSnapshot;
import dev.cairn.gateway.jobs.JobRequest.BackupRequest;
import dev.cairn.gateway.jobs.JobRequest.CheckRequest;
import dev.cairn.gateway.jobs.JobRequest.RestoreRequest;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * JobRunner starts the jobs users ask for, at most {@code maxRunning} at once and at most {@code
 * maxQueued} others waiting in the order they came, follows their progress events, and cancels them on request.
 *
 * <p>A job's state changes only here, on one event loop; each change is stored in the {@link
 * JobRegistry} and told to the {@link JobFeed}. A job ends with its last progress event, or with
 * the reply to its request if that comes first (the store's jobs, check, forget and prune, publish
 * no progress and end with the store's report). A backup or restore of which no progress has come
 * for a while has lost its scanner, and fails ({@link SilenceWatch}); in a cluster, the other
 * gateways fail it if the node that ran it died with this gateway ({@link StrandedJobs}).
 */
public final class JobRunner {
  /**
   * Jobs run as long as they need: a backup or restore is watched through its progress instead
   * ({@link SilenceWatch}); a week bounds a store's job whose request was lost.
   */
  private static final DeliveryOptions JOB = new DeliveryOptions().setSendTimeout(7L * 24 * 3600 * 1000);
  private static final Logger LOG = Logger.getLogger(JobRunner.class.getName());
  private static final DeliveryOptions QUICK = new DeliveryOptions().setSendTimeout(30_000);

  private final Vertx vertx;
  private final JobRegistry registry;
  private final JobFeed feed;
  private final String host;
  private final int maxRunning;
  private final int maxQueued;
  private final Clock clock;
  private final SilenceWatch silence;
  /** Jobs queued or running, in the order they were accepted. */
  private final Map<String, Job> active = new LinkedHashMap<>();
  private boolean closing;
  private Promise<Void> drained;

  /** How long a caller refused for a full queue is told to wait: jobs usually take longer than a few seconds. */
  public static final int RETRY_AFTER_SECONDS = 30;

  /** A runner that fails a job whose scanner is silent for as long as {@link SilenceWatch#fromSystem} says. */
  public JobRunner(Vertx vertx, JobRegistry registry, JobFeed feed, String host, int maxRunning, int maxQueued,
      Clock clock) {
    this(vertx, registry, feed, host, maxRunning, maxQueued, clock, SilenceWatch.fromSystem());
  }

  /**
   * A runner on the current context of {@code vertx} that fails a backup or restore once no
   * progress of it has come for {@code silenceMillis}.
   */
  public JobRunner(Vertx vertx, JobRegistry registry, JobFeed feed, String host, int maxRunning, int maxQueued,
      Clock clock, long silenceMillis) {
    this.vertx = vertx;
    this.registry = registry;
    this.feed = feed;
    this.host = host;
    this.maxRunning = maxRunning;
    this.maxQueued = maxQueued;
    this.clock = clock;
    this.silence = new SilenceWatch(vertx, silenceMillis, clock, this::silent);
    if (vertx.isClustered()) {
      new StrandedJobs(vertx, registry, feed, clock, silenceMillis, active::containsKey);
    }
  }

  /** Validates {@code request}, accepts it as a new job and starts it if a slot is free. */
  public Future<Job> submit(JobRequest request) {
    if (closing) {
      return Future.failedFuture(new JobRefusal(503, "shutting_down", "the node is shutting down"));
    }
    return validate(request).map(checked -> {
      JobConflicts.refuse(checked, active.values());
      refuseOverflow();
      Job job = Job.queued(UUID.randomUUID().toString(), checked, clock.instant());
      active.put(job.id(), job);
      record(job);
      startWaiting();
      return active.getOrDefault(job.id(), job);
    });
  }

  /**
   * Cancels job {@code id}: a queued job ends at once; a running backup or restore stops and ends
   * as cancelled shortly after. The returned job shows {@code cancelRequested}.
   */
  public Future<Job> cancel(String id) {
    Job job = active.get(id);
    if (job == null) {
      return registry.get(id).compose(known -> cancelElsewhere(id, known));
    }
    if (job.state() == JobState.QUEUED) {
      Job cancelled = job.cancelling().cancelled(clock.instant());
      end(cancelled);
      return Future.succeededFuture(cancelled);
    }
    if (!job.request().cancellable()) {
      return Future.failedFuture(new JobRefusal(409, "not_cancellable",
          "a " + job.type() + " cannot be cancelled; it ends by itself"));
    }
    return askToCancel(id).compose(stopping -> {
      Job now = active.get(id);
      if (now == null) {
        return registry.get(id);
      }
      if (!stopping) {
        return tooLate();
      }
      Job marked = now.cancelling();
      active.put(id, marked);
      record(marked);
      return Future.succeededFuture(marked);
    });
  }

  /** Cancels a job this gateway does not run: it has ended, or another gateway of the cluster runs it. */
  private Future<Job> cancelElsewhere(String id, Job known) {
    if (known == null) {
      return Future.failedFuture(new JobRefusal(404, "not_found", "no job " + id));
    }
    if (known.state().terminal()) {
      return Future.failedFuture(
          new JobRefusal(409, "job_finished", "job " + id + " has already ended: " + known.state().wire()));
    }
    if (known.state() == JobState.QUEUED || !known.request().cancellable()) {
      return Future.failedFuture(new JobRefusal(409, "job_elsewhere",
          "job " + id + " is " + known.state().wire() + " on another gateway; cancel it there"));
    }
    return askToCancel(id).compose(stopping -> stopping ? Future.succeededFuture(known.cancelling()) : tooLate());
  }

  /**
   * Asks the scanner to stop job {@code id}, wherever the job was started (a job another gateway of
   * the cluster runs ends there, from its last progress event); completes with whether it stops.
   */
  private Future<Boolean> askToCancel(String id) {
    return vertx.eventBus().<CancelReply>request(Addresses.SCANNER_CANCEL, new Cancel(id), QUICK)
        .map(reply -> reply.body().stopping());
  }

  private static Future<Job> tooLate() {
    return Future.failedFuture(new JobRefusal(409, "too_late",
        "the backup is committing its snapshot and can no longer be cancelled"));
  }

  /** Takes in a progress event published by the scanner. */
  public void progress(Progress p) {
    Job job = active.get(p.jobId());
    if (job == null) {
      return;
    }
    if (job.request().reportsProgress()) {
      silence.heard(job.id());
    }
    Job next = job.withProgress(p, clock.instant());
    if (next.state().terminal()) {
      end(next);
    } else if (next != job) {
      active.put(next.id(), next);
      record(next);
    }
  }

  /** Reports whether this runner holds job {@code id}, queued or running. */
  public boolean runs(String id) {
    return active.containsKey(id);
  }

  /** How many jobs are in {@code state} now; ended states count nothing here. */
  public long active(JobState state) {
    return active.values().stream().filter(j -> j.state() == state).count();
  }

  /**
   * Stops taking jobs, cancels those queued and running, and completes once none is left or
   * after {@code timeoutMillis}, whichever comes first.
   */
  public Future<Void> drain(long timeoutMillis) {
    closing = true;
    if (active.isEmpty()) {
      return Future.succeededFuture();
    }
    if (drained == null) {
      drained = Promise.promise();
      vertx.setTimer(timeoutMillis, t -> drained.tryComplete());
      List.copyOf(active.keySet()).forEach(this::cancel);
    }
    return drained.future();
  }

  private Future<JobRequest> validate(JobRequest request) {
    if (request instanceof BackupRequest backup) {
      return vertx.executeBlocking(() -> {
        for (String path : backup.paths()) {
          if (!Files.exists(Path.of(path), LinkOption.NOFOLLOW_LINKS)) {
            throw new JobRefusal(400, "invalid_job", "source " + path + " does not exist");
          }
        }
        return request;
      }, false);
    }
    if (request instanceof RestoreRequest restore) {
      // Resolve the snapshot now: a wrong id is the user's mistake, and "latest" means latest when asked.
      return vertx.eventBus().<Snapshot>request(Addresses.STORE_SNAPSHOT, new FindSnapshot(restore.snapshot()), QUICK)
          .<JobRequest>map(m -> restore.of(m.body().id().hex()))
          .recover(e -> Future.failedFuture(e instanceof ReplyException re && re.failureCode() == Failures.NOT_FOUND
              ? new JobRefusal(404, "not_found", re.getMessage())
              : e instanceof ReplyException re && re.failureCode() == Failures.CONFLICT
                  ? new JobRefusal(409, "ambiguous_snapshot", re.getMessage()) : e));
    }
    if (request instanceof CheckRequest check && check.seed() == null && check.sample().isShare()) {
      // Draw the seed now, so the job shows the one that chose its packs and a run can be repeated.
      return Future.succeededFuture(
          new CheckRequest(true, check.readDataSubset(), ThreadLocalRandom.current().nextLong()));
    }
    return Future.succeededFuture(request);
  }

  /** Refuses a job that would wait beyond the queue's bound, so no caller can make the gateway hold jobs without end. */
  private void refuseOverflow() {
    if (active(JobState.RUNNING) >= maxRunning && active(JobState.QUEUED) >= maxQueued) {
      throw new JobRefusal(429, "queue_full", maxQueued + " jobs are already waiting for one of " + maxRunning
          + " slots; try again once some have ended");
    }
  }

  private void startWaiting() {
    long running = active(JobState.RUNNING);
    for (Job job : List.copyOf(active.values())) {
      if (running >= maxRunning || closing) {
        return;
      }
      if (job.state() == JobState.QUEUED) {
        running++;
        start(job);
      }
    }
  }

  private void start(Job queued) {
    Job job = queued.running(clock.instant());
    active.put(job.id(), job);
    record(job);
    String id = job.id();
    JobRequest request = job.request();
    if (request.reportsProgress()) {
      silence.heard(id);
    }
    if (request.reportType() == null) {
      vertx.eventBus().request(request.address(), request.message(id, host), JOB)
          .onComplete(done -> replied(id, done.map(m -> request.detail(m.body()))));
    } else {
      ask(id, request.address(), request.message(id, host));
    }
  }

  /**
   * Sends one of the store's jobs and ends it with the report, or with the store's reason for
   * failing: a prune that found backups still running after its wait, or damage, is a failed job
   * that says so, not an error of the API.
   */
  private void ask(String id, String address, Object message) {
    vertx.eventBus().<Record>request(address, message, JOB).map(Message::body).onComplete(done -> {
      Job now = active.get(id);
      if (now != null) {
        end(done.succeeded() ? now.reported(done.result(), clock.instant())
            : now.failed(reason(done.cause()), clock.instant()));
      }
    });
  }

  /** Ends a job from the reply to its request, unless its last progress event has ended it already. */
  private void replied(String id, AsyncResult<String> done) {
    Job job = active.get(id);
    if (job == null) {
      return;
    }
    if (done.succeeded()) {
      end(job.succeeded(done.result(), clock.instant()));
    } else if (done.cause() instanceof ReplyException re && re.failureCode() == Failures.CANCELLED) {
      end(job.cancelled(clock.instant()));
    } else {
      end(job.failed(reason(done.cause()), clock.instant()));
    }
  }

  /**
   * Fails job {@code id}, whose scanner has sent nothing for too long, and frees its slot. The
   * scanner is asked to stop it all the same, in case it lives and only its events were lost.
   */
  private void silent(String id, String reason) {
    Job job = active.get(id);
    if (job == null || job.state() != JobState.RUNNING) {
      return;
    }
    LOG.warning("job " + id + " (" + job.type() + ") failed: " + reason);
    end(job.failed(reason, clock.instant()));
    askToCancel(id).onFailure(e -> LOG.fine("job " + id + " could not be told to stop: " + reason(e)));
  }

  private void end(Job job) {
    silence.forget(job.id());
    active.remove(job.id());
    record(job);
    if (closing && active.isEmpty() && drained != null) {
      drained.tryComplete();
    }
    startWaiting();
  }

  private void record(Job job) {
    registry.put(job).onFailure(e -> LOG.log(Level.WARNING,
        "job " + job.id() + " (" + job.state().wire() + ") could not be written to the job list: " + reason(e), e));
    feed.publish(job);
  }

  private static String reason(Throwable e) {
    return Failures.describe(e);
  }
}
