/**
 * Metrics in Prometheus form: {@link dev.cairn.gateway.metrics.NodeMetrics} holds the registry and
 * asks Vert.x for its own meters (event bus, HTTP, pools, JVM);
 * {@link dev.cairn.gateway.metrics.JobMeters} turns jobs' progress into per-stage counters, queue
 * depths and job counts; {@link dev.cairn.gateway.metrics.StoreLatency} times the store's requests.
 */
package dev.cairn.gateway.metrics;
