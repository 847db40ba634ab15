package dev.cairn.gateway.http;

import dev.cairn.gateway.jobs.Job;
import dev.cairn.gateway.jobs.JobFeed;
import dev.cairn.gateway.jobs.JobJson;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * JobEvents streams a job's states as Server-Sent Events ({@code GET /api/jobs/{id}/events}).
 *
 * <p>The stream opens with the job as it is now, so a late subscriber is never blank, then sends
 * each new state, and ends after the job ends. Each event's {@code data} is the job's JSON. A
 * client that reads slower than states come gets the latest state when it catches up: states in
 * between are dropped, never queued, so a slow client costs one pending state at most.
 */
final class JobEvents {
  /** A comment line this often keeps proxies from closing a quiet stream. */
  static final long HEARTBEAT_MILLIS = 15_000;

  private final Vertx vertx;
  private final JobsApi jobs;
  private final JobFeed feed;

  JobEvents(Vertx vertx, JobsApi jobs, JobFeed feed) {
    this.vertx = vertx;
    this.jobs = jobs;
    this.feed = feed;
  }

  void stream(RoutingContext ctx) {
    jobs.find(ctx.pathParam("id")).onSuccess(job -> {
      HttpServerResponse response = ctx.response()
          .putHeader("Content-Type", "text/event-stream; charset=utf-8")
          .putHeader("Cache-Control", "no-cache")
          .putHeader("X-Accel-Buffering", "no")
          // Compression would hold events back in the compressor; each event is small anyway.
          .putHeader(HttpHeaders.CONTENT_ENCODING, HttpHeaders.IDENTITY)
          .setChunked(true);
      new Stream(response).start(job);
    }).onFailure(ctx::fail);
  }

  /** One client's stream. */
  private final class Stream {
    private final HttpServerResponse response;
    private Runnable unfollow = () -> {};
    private long heartbeat = -1;
    /** The latest state not yet written because the client is behind; {@code null} when it is not. */
    private Job pending;
    private boolean waitingForDrain;
    private boolean closed;
    private long sequence;

    Stream(HttpServerResponse response) {
      this.response = response;
    }

    void start(Job current) {
      response.closeHandler(v -> close());
      offer(current);
      if (!closed) {
        unfollow = feed.follow(current.id(), this::offer);
        heartbeat = vertx.setPeriodic(HEARTBEAT_MILLIS, t -> {
          if (!response.writeQueueFull()) {
            response.write(": keep-alive\n\n");
          }
        });
      }
    }

    private void offer(Job job) {
      if (closed || response.closed()) {
        return;
      }
      if (response.writeQueueFull()) {
        pending = job;
        if (!waitingForDrain) {
          waitingForDrain = true;
          response.drainHandler(v -> {
            waitingForDrain = false;
            Job latest = pending;
            pending = null;
            if (latest != null) {
              offer(latest);
            }
          });
        }
        return;
      }
      response.write("id: " + (++sequence) + "\nevent: job\ndata: " + JobJson.of(job).encode() + "\n\n");
      if (job.state().terminal()) {
        response.end();
        close();
      }
    }

    private void close() {
      if (!closed) {
        closed = true;
        unfollow.run();
        vertx.cancelTimer(heartbeat);
      }
    }
  }
}
