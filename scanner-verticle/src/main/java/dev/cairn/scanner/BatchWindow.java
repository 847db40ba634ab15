package dev.cairn.scanner;

import dev.cairn.common.message.HasherMessages.FileTask;
import dev.cairn.common.pressure.Hysteresis;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.Promise;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.logging.Level;

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
 * batches in flight, and by how full the heap is. Each throttle engages at a high mark and
 * releases at a low one ({@link Hysteresis}); while one is engaged, only one batch is kept in
 * flight, so the job goes on slowly and the walk waits.
 *
 * @param <T> a work item
 * @param <R> the reply to one batch
 */
final class BatchWindow<T, R> {
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

  /** One batch: its items, their sizes, and who is told when its reply arrives. */
  private static final class Batch<T, R> {
    final List<T> items = new ArrayList<>();
    final List<BiConsumer<R, Integer>> callbacks = new ArrayList<>();
    long bytes;
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
   * {@code options}; {@code message} wraps one batch's files in the request body.
   */
  static <R> BatchWindow<FileTask, R> toHashers(Vertx vertx, ScannerOptions options, String address,
      Function<List<FileTask>, Object> message, Consumer<Throwable> onFailure) {
    DeliveryOptions delivery = new DeliveryOptions().setSendTimeout(options.batchTimeoutMillis());
    return new BatchWindow<FileTask, R>(options.batchesInFlight(), options.filesPerBatch(), options.bytesPerBatch(),
        files -> vertx.eventBus().<R>request(address, message.apply(files), delivery).map(Message::body),
        onFailure).throttled(options.bytesInFlight(), options.heapPercent());
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
      bytesInFlight += batch.bytes;
      send.apply(List.copyOf(batch.items)).onComplete(reply -> {
        inFlight--;
        bytesInFlight -= batch.bytes;
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
        } else {
          onFailure.accept(reply.cause());
        }
        pump();
      });
    }
    if (ready.isEmpty() && drained != null) {
      Promise<Void> waiting = drained;
      drained = null;
      waiting.complete();
    }
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
