package dev.cairn.gateway.http;

import dev.cairn.gateway.metrics.NodeMetrics;

/**
 * GatewayOptions say where the gateway listens and how many jobs it runs.
 *
 * @param port the TCP port; 0 picks a free one
 * @param location the repository's directory, as the page shows it
 * @param host the host name backups record
 * @param maxRunning jobs run at once; the others wait, queued, in the order they came. Two lets a
 *     restore or a check run beside a long backup, while every hasher stays busy.
 * @param keepEnded ended jobs the gateway still shows
 * @param metrics the node's registry, or {@code null} for no {@code /metrics}
 * @param nodeId the id of the gateway's node in its cluster
 * @param security who may call, from where, over what
 */
public record GatewayOptions(String bindHost, int port, String location, String host, int maxRunning, int keepEnded,
    NodeMetrics metrics, String nodeId, GatewaySecurity security) {

  /** The defaults for a gateway on {@code bindHost:port} in front of the repository at {@code location}. */
  public static GatewayOptions of(String bindHost, int port, String location, String host, NodeMetrics metrics,
      GatewaySecurity security) {
    return new GatewayOptions(bindHost, port, location, host, 2, 200, metrics, host, security);
  }

  /** These options for a gateway on node {@code id}. */
  public GatewayOptions onNode(String id) {
    return new GatewayOptions(bindHost, port, location, host, maxRunning, keepEnded, metrics, id, security);
  }
}
