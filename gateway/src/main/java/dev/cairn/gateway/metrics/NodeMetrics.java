package dev.cairn.gateway.metrics;

import dev.cairn.common.pressure.StoreBreaker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * NodeMetrics is the metrics registry of one node, scraped at {@code /metrics}. Vert.x reports
 * into it its event bus (messages and pending deliveries per address: the queue in front of each
 * room), HTTP server, worker pools and the JVM; cairn adds its own meters.
 */
public final class NodeMetrics {
  /**
   * Micrometer warns when a gauge is registered twice; Vert.x does that, harmlessly, for an address
   * that several instances of one verticle consume (the hashers). Held here so the level sticks.
   */
  private static final Logger REGISTRATIONS = Logger.getLogger(MeterRegistry.class.getName());

  static {
    REGISTRATIONS.setLevel(Level.SEVERE);
  }

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  /** Vert.x keeps registries by name; a name of its own keeps two nodes in one JVM (tests) apart. */
  private final String name = "cairn-" + UUID.randomUUID();

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** Options that make a Vert.x instance report into this registry. */
  public VertxOptions vertxOptions() {
    return new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setEnabled(true)
        .setRegistryName(name)
        .setJvmMetricsEnabled(true)
        .addLabels(Label.EB_ADDRESS));
  }

  public VertxMetricsFactory factory() {
    return new MicrometerMetricsFactory(registry);
  }

  /** Adds the meters that need the running node: the store's request times and its circuit breaker. */
  public void instrument(Vertx vertx) {
    vertx.eventBus().addInboundInterceptor(new StoreLatency(registry));
    StoreBreaker breaker = StoreBreaker.of(vertx);
    Gauge.builder("cairn_store_breaker_open", breaker, b -> b.state() == StoreBreaker.State.CLOSED ? 0 : 1)
        .description("1 while the node's store circuit breaker is open or half-open, else 0").register(registry);
    FunctionCounter.builder("cairn_store_breaker_opened", breaker, StoreBreaker::timesOpened)
        .description("times the node's store circuit breaker has opened").register(registry);
  }
}
