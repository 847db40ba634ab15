/**
 * How every room stays within its means: a {@link dev.cairn.common.pressure.Hysteresis} throttle
 * that engages at a high mark and releases at a lower one, a {@link
 * dev.cairn.common.pressure.HeapGauge} that says how full the heap is, and {@link
 * dev.cairn.common.pressure.StoreRequests}, which sends store requests with a timeout, retries
 * recoverable failures with {@link dev.cairn.common.pressure.Backoff} and stops hammering a store
 * that keeps failing through one {@link dev.cairn.common.pressure.StoreBreaker} per node.
 *
 * <p>Terms: a failure is <em>recoverable</em> when trying again later may succeed (no answer in
 * time, nobody listening, a busy store) and <em>fatal</em> otherwise (bad input, damaged data,
 * a full disk).
 */
package dev.cairn.common.pressure;
