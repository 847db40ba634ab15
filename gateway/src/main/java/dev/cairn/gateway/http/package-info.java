/**
 * The web gateway: {@link dev.cairn.gateway.http.GatewayVerticle} serves the JSON API under
 * {@code /api}, job progress as Server-Sent Events, the page at {@code /}, health probes and
 * Prometheus metrics. Handlers only translate: they ask the rooms over the event bus, or the job
 * runner, and answer in JSON; errors are {@code {"error": {status, code, message}}} with a stable
 * code.
 */
package dev.cairn.gateway.http;
