package dev.cairn.gateway.http;

import dev.cairn.gateway.metrics.NodeMetrics;

/**
 * GatewayOptions say where the gateway listens, whom it trusts and how much it takes on.
 *
 * @param port the TCP port; 0 picks a free one
 * @param location the repository's directory, as the page shows it
 * @param host the host name backups record
 * @param keepEnded ended jobs the gateway still shows
 * @param metrics the node's registry, or {@code null} for no {@code /metrics}
 * @param nodeId the id of the gateway's node in its cluster
 * @param security who may call, from where, over what
 * @param limits jobs, connections and time the gateway gives callers
 */
public record GatewayOptions(String bindHost, int port, String location, String host, int keepEnded,
    NodeMetrics metrics, String nodeId, GatewaySecurity security, GatewayLimits limits) {

  /** The defaults for a gateway on {@code bindHost:port} in front of the repository at {@code location}. */
  public static GatewayOptions of(String bindHost, int port, String location, String host, NodeMetrics metrics,
      GatewaySecurity security) {
    return new GatewayOptions(bindHost, port, location, host, 200, metrics, host, security, GatewayLimits.DEFAULT);
  }

  /** Jobs run at once. */
  public int maxRunning() {
    return limits.maxRunning();
  }

  /** These options for a gateway on node {@code id}. */
  public GatewayOptions onNode(String id) {
    return new GatewayOptions(bindHost, port, location, host, keepEnded, metrics, id, security, limits);
  }

  /** These options with {@code other} limits. */
  public GatewayOptions with(GatewayLimits other) {
    return new GatewayOptions(bindHost, port, location, host, keepEnded, metrics, nodeId, security, other);
  }
}
