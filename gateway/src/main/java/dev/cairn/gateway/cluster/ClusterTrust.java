package dev.cairn.gateway.cluster;

import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * ClusterTrust is what makes a node one of its cluster: the cluster's certificate authority, the
 * node's certificate signed by it and its key, and the cluster secret.
 *
 * <p>The event bus speaks TLS both ways: a node presents its certificate and accepts a connection
 * only from a peer whose certificate the cluster's authority signed. Host names are not checked:
 * Vert.x's clustered event bus turns hostname verification off, nodes connect by the IP address
 * each publishes (a pod's changes each time it starts), and the authority is the cluster's own,
 * signing nothing but its nodes, so a certificate it signed is the proof of membership that
 * matters.
 *
 * @param authority the PEM certificate of the cluster's authority ({@code --cluster-ca})
 * @param certificate this node's PEM certificate ({@code --cluster-cert})
 * @param key the PEM private key of {@code certificate} ({@code --cluster-key})
 * @param secret the cluster secret ({@code --cluster-secret})
 */
public record ClusterTrust(Path authority, Path certificate, Path key, ClusterSecret secret) {

  /** The trust in these files; a file that is missing fails with a message naming it and its flag. */
  public static ClusterTrust of(Path authority, Path certificate, Path key, Path secret) {
    readable(authority, "--cluster-ca");
    readable(certificate, "--cluster-cert");
    readable(key, "--cluster-key");
    readable(secret, "--cluster-secret");
    return new ClusterTrust(authority.toAbsolutePath(), certificate.toAbsolutePath(), key.toAbsolutePath(),
        ClusterSecret.read(secret));
  }

  /** Sets {@code options} to speak mutual TLS with peers the cluster's authority signed. */
  public EventBusOptions secure(EventBusOptions options) {
    return options.setSsl(true).setClientAuth(ClientAuth.REQUIRED)
        .setKeyCertOptions(new PemKeyCertOptions().setCertPath(certificate.toString()).setKeyPath(key.toString()))
        .setTrustOptions(new PemTrustOptions().addCertPath(authority.toString()));
  }

  private static void readable(Path file, String flag) {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException(flag + " " + file + ": no such readable file");
    }
  }
}
