/**
 * How a node joins a cluster: {@link dev.cairn.gateway.cluster.ClusterSettings} turn the {@code
 * serve --cluster} flags into a Hazelcast configuration and event-bus options, and {@link
 * dev.cairn.gateway.cluster.ClusterHashers} counts the hashers of every node, so a scanner sizes its
 * window for them.
 */
package dev.cairn.gateway.cluster;
