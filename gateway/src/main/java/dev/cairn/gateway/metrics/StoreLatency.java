package dev.cairn.gateway.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.DeliveryContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * StoreLatency times each request the store handles, per address, as {@code
 * cairn_store_request_seconds}: the time the store's thread spends on it. How long requests wait
 * before that shows as {@code vertx_eventbus_pending} for the same address.
 *
 * <p>An inbound interceptor runs on the thread that handles the message, just around the
 * handler, so it measures the handler and nothing else.
 */
final class StoreLatency implements Handler<DeliveryContext<Object>> {
  private static final String STORE = "cairn.store.";

  private final MeterRegistry registry;
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  StoreLatency(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void handle(DeliveryContext<Object> delivery) {
    String address = delivery.message().address();
    if (address == null || !address.startsWith(STORE)) {
      delivery.next();
      return;
    }
    long start = System.nanoTime();
    try {
      delivery.next();
    } finally {
      timers.computeIfAbsent(address, a -> Timer.builder("cairn.store.request")
          .description("Time the store spends handling one request")
          .tag("address", a)
          .register(registry)).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }
}
