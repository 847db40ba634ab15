package dev.cairn.scanner;

import dev.cairn.common.Failures;
import dev.cairn.common.message.HasherMessages.FileTask;
import dev.cairn.common.pressure.Hysteresis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * BatchWindow gathers work items into batches and keeps at most a fixed number of batches in
 * flight, because the event bus itself queues without bound.
 *
 * <p>A batch closes when it holds {@code maxItems} items or {@code maxBytes} bytes; a large item
 * travels alone. {@link #add} returns a future that completes once the item is accepted: the
 * caller waits on it, which is how a full window slows the walk down. Must be used from one
 * event-loop context.
 *
 * <p>Besides its hard bound on batches, a window may be {@link #throttled}: by the bytes of the
 * batches in flight, and by how full the heap is. A batch counts for {@code maxBytes} at most: a
 * large file is read piece by piece into a hasher's fixed arena, so it holds no more memory than a
 * full batch of small ones, and two large files must not wait for each other. Each throttle engages at a high mark and
 * releases at a low one ({@link Hysteresis}); while one is engaged, only one batch is kept in
 * flight, so the job goes on slowly and the walk waits.
 *
 * <p>A window may also be {@link #resending}: a batch whose request failed as lost (its receiver
 * did not answer in time, or is gone) is sent again, a bounded number of times, before the
 * failure is passed on. A batch's items are told of its reply once, from the first answer; a late
 * answer to an earlier send has no one waiting for it any more.
 *
 * @param <T> a work item
 * @param <R> the reply to one batch
 */
final class BatchWindow<T, R> {
  private static final Logger LOG = Logger.getLogger(BatchWindow.class.getName());
  /** Heap use, in percent (see {@link dev.cairn.common.pressure.HeapGauge}), at which a window sends one batch at a time. */
  static final int HEAP_HIGH_PERCENT = 85;
  /** Heap use at which it sends freely again. */
  static final int HEAP_LOW_PERCENT = 70;

  private final int maxInFlight;
  private final int maxItems;
  private final long maxBytes;
  private final Function<List<T>, Future<R>> send;
  private final Consumer<Throwable> onFailure;
  private final Deque<Batch<T, R>> ready = new ArrayDeque<>();
  private Batch<T, R> open = new Batch<>();
  private Promise<Void> drained;
  private int inFlight;
  /** Set once the job is cancelled: nothing more is sent, and replies are no longer passed on. */
  private boolean abandoned;
  private Promise<Void> idle;
  private long bytesInFlight;
  private Hysteresis bytesThrottle;
  private Hysteresis heapThrottle;
  private LongSupplier heapPercent;
  private int attempts = 1;
  private Predicate<Throwable> lost = e -> false;

  /** One batch: its items, their sizes, and who is told when its reply arrives. */
  private static final class Batch<T, R> {
    final List<T> items = new ArrayList<>();
    final List<BiConsumer<R, Integer>> callbacks = new ArrayList<>();
    long bytes;
    int sends;
  }

  BatchWindow(int maxInFlight, int maxItems, long maxBytes, Function<List<T>, Future<R>> send,
      Consumer<Throwable> onFailure) {
    this.maxInFlight = maxInFlight;
    this.maxItems = maxItems;
    this.maxBytes = maxBytes;
    this.send = send;
    this.onFailure = onFailure;
  }

  /**
   * A window of file batches sent as requests to the hashers at {@code address}, sized by
   * {@code options}, each answered within the time {@code timeout} gives its bytes or sent again
   * as often as it allows; {@code message} wraps one batch's files in the request body.
   */
  static <R> BatchWindow<FileTask, R> toHashers(Vertx vertx, ScannerOptions options, BatchTimeout timeout,
      String address, Function<List<FileTask>, Object> message, Consumer<Throwable> onFailure) {
    Function<List<FileTask>, Future<R>> send = files -> {
      long bytes = files.stream().mapToLong(f -> f.node().size()).sum();
      DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(timeout.millisFor(bytes));
      return vertx.eventBus().<R>request(address, message.apply(files), delivery).map(Message::body);
    };
    return new BatchWindow<FileTask, R>(options.batchesInFlight(), options.filesPerBatch(), options.bytesPerBatch(),
        send, onFailure).throttled(options.bytesInFlight(), options.heapPercent())
        .resending(timeout.attempts(), BatchWindow::lostOnTheWay);
  }

  /** Reports whether a batch failed without a hasher's verdict: no answer in time, or no hasher to take it. */
  static boolean lostOnTheWay(Throwable e) {
    return e instanceof ReplyException re
        && (re.failureType() == ReplyFailure.TIMEOUT || re.failureType() == ReplyFailure.NO_HANDLERS);
  }

  /** Sends a batch whose request failed as {@code lost} says again, until it has been sent {@code attempts} times. */
  BatchWindow<T, R> resending(int attempts, Predicate<Throwable> lost) {
    this.attempts = attempts;
    this.lost = lost;
    return this;
  }

  /**
   * Throttles the window while the batches in flight hold {@code highBytes} or more (until they
   * hold half of that), and while {@code heapPercent} reads {@value #HEAP_HIGH_PERCENT} or more
   * (until it reads {@value #HEAP_LOW_PERCENT}).
   */
  BatchWindow<T, R> throttled(long highBytes, LongSupplier heapPercent) {
    this.bytesThrottle = new Hysteresis("bytes in flight to hashers", highBytes, highBytes / 2, "bytes",
        Level.FINE);
    this.heapThrottle = new Hysteresis("heap", HEAP_HIGH_PERCENT, HEAP_LOW_PERCENT, "% of the old generation",
        Level.WARNING);
    this.heapPercent = heapPercent;
    return this;
  }

  /**
   * Adds an item of {@code bytes}; {@code onDone} gets the batch's reply and the item's index in it.
   * The returned future completes when the window has room for more.
   */
  Future<Void> add(T item, long bytes, BiConsumer<R, Integer> onDone) {
    if (abandoned) {
      return Future.succeededFuture();
    }
    if (bytes >= maxBytes && !open.items.isEmpty()) {
      close();
    }
    open.items.add(item);
    open.callbacks.add(onDone);
    open.bytes += bytes;
    if (open.items.size() >= maxItems || open.bytes >= maxBytes) {
      close();
    }
    pump();
    if (ready.isEmpty()) {
      return Future.succeededFuture();
    }
    if (drained == null) {
      drained = Promise.promise();
    }
    return drained.future();
  }

  /** Sends the open batch now if nothing is in flight, so workers never idle while a walk is slow. */
  void flushIfIdle() {
    if (inFlight == 0 && ready.isEmpty()) {
      flush();
    }
  }

  /** Sends the open batch as soon as the window allows. */
  void flush() {
    close();
    pump();
  }

  /**
   * Drops every item not yet sent and stops passing replies on; a caller waiting in {@link #add}
   * is released. Completes once no batch is in flight any more.
   */
  Future<Void> abandon() {
    abandoned = true;
    open = new Batch<>();
    ready.clear();
    pump();
    if (inFlight == 0) {
      return Future.succeededFuture();
    }
    if (idle == null) {
      idle = Promise.promise();
    }
    return idle.future();
  }

  /** Batches sent and not yet answered. */
  int inFlight() {
    return inFlight;
  }

  /** Bytes of the batches sent and not yet answered. */
  long bytesInFlight() {
    return bytesInFlight;
  }

  /** Items waiting in batches not yet sent. */
  int queued() {
    return open.items.size() + ready.stream().mapToInt(b -> b.items.size()).sum();
  }

  private void close() {
    if (!open.items.isEmpty() && !abandoned) {
      ready.add(open);
      open = new Batch<>();
    }
  }

  private void pump() {
    while (inFlight < maxInFlight && !ready.isEmpty() && (inFlight == 0 || !underPressure())) {
      Batch<T, R> batch = ready.poll();
      inFlight++;
      bytesInFlight += weight(batch);
      send(batch);
    }
    if (ready.isEmpty() && drained != null) {
      Promise<Void> waiting = drained;
      drained = null;
      waiting.complete();
    }
  }

  private long weight(Batch<T, R> batch) {
    return Math.min(batch.bytes, maxBytes);
  }

  private void send(Batch<T, R> batch) {
    batch.sends++;
    send.apply(List.copyOf(batch.items)).onComplete(reply -> {
      if (reply.failed() && !abandoned && batch.sends < attempts && lost.test(reply.cause())) {
        LOG.warning(() -> "a batch of " + batch.items.size() + " items was lost (" + reply.cause().getMessage()
            + "); sending it again, " + (attempts - batch.sends) + " more time(s) at most");
        send(batch);
        return;
      }
      inFlight--;
      bytesInFlight -= weight(batch);
      if (abandoned) {
        if (inFlight == 0 && idle != null) {
          idle.tryComplete();
        }
        return;
      }
      if (reply.succeeded()) {
        for (int i = 0; i < batch.callbacks.size(); i++) {
          batch.callbacks.get(i).accept(reply.result(), i);
        }
      } else if (batch.sends > 1 && lost.test(reply.cause())) {
        onFailure.accept(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, Failures.UNAVAILABLE,
            "no hasher answered a batch of " + batch.items.size() + " files, sent " + batch.sends + " times (last: "
                + reply.cause().getMessage() + "); check that the hasher nodes are running, then run the job again"));
      } else {
        onFailure.accept(reply.cause());
      }
      pump();
    });
  }

  /** Feeds both throttles their levels (so each logs its own changes) and reports whether either is engaged. */
  private boolean underPressure() {
    if (bytesThrottle == null) {
      return false;
    }
    boolean bytes = bytesThrottle.update(bytesInFlight);
    boolean heap = heapThrottle.update(heapPercent.getAsLong());
    return bytes || heap;
  }
}
