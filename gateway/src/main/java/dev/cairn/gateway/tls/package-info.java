/**
 * Certificates and keys for people without a PKI: a cluster's own certificate authority, the node
 * certificates it signs, the gateway's self-signed certificate, and the PEM files that hold them.
 * A key file is readable by its owner only.
 */
package dev.cairn.gateway.tls;
