package dev.cairn.gateway.http;

/**
 * GatewayLimits bound what callers can make the gateway hold: jobs waiting, connections open, the
 * time a connection may take to send a request head or body or sit idle, and the size of a head.
 *
 * @param maxRunning jobs run at once; the others wait, queued, in the order they came. Two lets a
 *     restore or a check run beside a long backup, while every hasher stays busy.
 * @param maxQueued jobs that may wait for a slot; one more is refused with 429 and {@code Retry-After}
 * @param maxConnections connections open at once; a new one beyond it closes the oldest connection
 *     with no request in progress or still sending a request body, or itself if every one is busy
 * @param maxConnectionsPerPeer connections open at once from one address; a new one beyond it
 *     closes that address's oldest connection that could be shed, or itself
 * @param headerSeconds how long a connection may take to send a complete request head, from its
 *     opening or from its previous answer
 * @param bodySeconds how long a request may take to send its whole body, from its head; then its
 *     connection is closed
 * @param idleSeconds how long a connection may send and receive nothing, in any state
 * @param maxHeaderBytes the largest request head; a larger one is answered with 431
 */
public record GatewayLimits(int maxRunning, int maxQueued, int maxConnections, int maxConnectionsPerPeer,
    int headerSeconds, int bodySeconds, int idleSeconds, int maxHeaderBytes) {

  /**
   * The defaults: a queue far longer than anyone clicks but short enough to list; connections for
   * a few dozen browsers and scripts, well under the usual 1,024 descriptors a process gets; a
   * quarter of them from one address, so one client cannot fill the table alone, while a browser
   * (six connections), a script's pool or the test suite (a few dozen at most) stay well under it;
   * 20 s for a head, which a person's network needs far less of; 30 s for a body, which is at most
   * 64 KiB, a few seconds on the slowest link; 60 s of silence, four of the job stream's heartbeats.
   */
  public static final GatewayLimits DEFAULT = new GatewayLimits(2, 100, 256, 64, 20, 30, 60, 8192);

  public GatewayLimits {
    if (maxRunning < 1 || maxQueued < 0 || maxConnections < 1 || maxConnectionsPerPeer < 1 || headerSeconds < 1
        || bodySeconds < 1 || idleSeconds < 1 || maxHeaderBytes < 1024) {
      throw new IllegalArgumentException("gateway limits out of range: " + maxRunning + " running, " + maxQueued
          + " queued, " + maxConnections + " connections, " + maxConnectionsPerPeer + " per peer, " + headerSeconds
          + " s, " + bodySeconds + " s, " + idleSeconds + " s, " + maxHeaderBytes + " header bytes");
    }
  }

  /** These limits with {@code n} jobs queued at most. */
  public GatewayLimits withMaxQueued(int n) {
    return new GatewayLimits(maxRunning, n, maxConnections, maxConnectionsPerPeer, headerSeconds, bodySeconds,
        idleSeconds, maxHeaderBytes);
  }

  /** These limits with {@code n} jobs running at once. */
  public GatewayLimits withMaxRunning(int n) {
    return new GatewayLimits(n, maxQueued, maxConnections, maxConnectionsPerPeer, headerSeconds, bodySeconds,
        idleSeconds, maxHeaderBytes);
  }

  /** These limits with {@code n} connections open at most. */
  public GatewayLimits withMaxConnections(int n) {
    return new GatewayLimits(maxRunning, maxQueued, n, maxConnectionsPerPeer, headerSeconds, bodySeconds,
        idleSeconds, maxHeaderBytes);
  }

  /** These limits with {@code n} connections open at most from one address. */
  public GatewayLimits withMaxConnectionsPerPeer(int n) {
    return new GatewayLimits(maxRunning, maxQueued, maxConnections, n, headerSeconds, bodySeconds, idleSeconds,
        maxHeaderBytes);
  }

  /** These limits with {@code seconds} for a request's whole body. */
  public GatewayLimits withBodySeconds(int seconds) {
    return new GatewayLimits(maxRunning, maxQueued, maxConnections, maxConnectionsPerPeer, headerSeconds, seconds,
        idleSeconds, maxHeaderBytes);
  }
}
