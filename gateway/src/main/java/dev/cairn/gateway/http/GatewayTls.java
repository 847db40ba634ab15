package dev.cairn.gateway.http;

import dev.cairn.gateway.auth.StateDirectory;
import dev.cairn.gateway.tls.Certificates;
import dev.cairn.gateway.tls.PemFiles;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * GatewayTls is how the gateway speaks HTTPS: with the PEM certificate and key it is given, or
 * with a self-signed certificate made at its first start and kept in its state directory, so that
 * its fingerprint, once trusted, stays the same (as kopia and Syncthing do).
 *
 * @param security the gateway's settings, with the certificate and key to serve
 * @param fingerprint the SHA-256 fingerprint of the served certificate
 */
public record GatewayTls(GatewaySecurity security, String fingerprint) {
  /** The self-signed certificate's file in the state directory. */
  public static final String CERTIFICATE = "gateway-tls.pem";
  /** Its key's file, mode 0600. */
  public static final String KEY = "gateway-tls-key.pem";

  /**
   * The TLS of {@code security}: its own files, or a self-signed certificate for {@code bindHost},
   * made once in its state directory; {@code null} when it speaks plain HTTP.
   */
  public static GatewayTls prepare(GatewaySecurity security, String bindHost) {
    if (security == null || !security.tls()) {
      return null;
    }
    if (security.tlsCert() != null) {
      if (security.tlsKey() == null) {
        throw new IllegalArgumentException("--tls-cert needs --tls-key");
      }
      return new GatewayTls(security, PemFiles.fingerprint(PemFiles.readCertificate(security.tlsCert())));
    }
    Path cert = security.stateDir().resolve(CERTIFICATE);
    Path key = security.stateDir().resolve(KEY);
    if (!Files.exists(cert) || !Files.exists(key)) {
      makeSelfSigned(security.stateDir(), cert, key, bindHost);
    }
    try {
      // The key in the state directory is the gateway's own; one another user put there is refused.
      StateDirectory.checkOwn(key);
      StateDirectory.checkOwn(cert);
    } catch (IOException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
    GatewaySecurity served = new GatewaySecurity(security.stateDir(), security.allowedHosts(),
        security.allowedPaths(), cert, key, true, security.insecure(), security.metricsTokenFile());
    return new GatewayTls(served, PemFiles.fingerprint(PemFiles.readCertificate(cert)));
  }

  /** {@code options} set to serve HTTPS with the certificate of {@code security}, if it has one. */
  public static HttpServerOptions serve(HttpServerOptions options, GatewaySecurity security) {
    if (security == null || security.tlsCert() == null) {
      return options;
    }
    return options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
        .setCertPath(security.tlsCert().toString()).setKeyPath(security.tlsKey().toString()));
  }

  private static void makeSelfSigned(Path stateDir, Path cert, Path key, String bindHost) {
    try {
      if (!Files.isDirectory(stateDir)) {
        Files.createDirectories(stateDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      // A half-written pair from an interrupted start is made again.
      Files.deleteIfExists(cert);
      Files.deleteIfExists(key);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + stateDir + ": " + e.getMessage(), e);
    }
    List<String> names = new ArrayList<>(List.of("localhost", "127.0.0.1", "::1"));
    if (!bindHost.equals("0.0.0.0") && !bindHost.equals("::") && !names.contains(bindHost)) {
      names.add(bindHost);
    }
    Certificates.Issued issued = Certificates.selfSigned("localhost", names);
    PemFiles.writeKey(key, issued.key());
    PemFiles.writeCertificate(cert, issued.certificate());
  }
}
