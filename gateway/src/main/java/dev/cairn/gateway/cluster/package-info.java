/**
 * How a node joins a cluster: {@link dev.cairn.gateway.cluster.ClusterSettings} turn the {@code
 * serve --cluster} flags into a Hazelcast configuration and event-bus options, and {@link
 * dev.cairn.gateway.cluster.ClusterHashers} counts the hashers of every node, so a scanner sizes its
 * window for them. A cluster admits only its own nodes: {@link dev.cairn.gateway.cluster.ClusterTrust}
 * makes the event bus speak mutual TLS under the cluster's authority, and the {@link
 * dev.cairn.gateway.cluster.ClusterSecret} seals what nodes keep in Hazelcast and tags the address
 * each publishes, which {@link dev.cairn.gateway.cluster.VerifiedClusterManager} checks.
 */
package dev.cairn.gateway.cluster;
