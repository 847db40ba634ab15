package dev.cairn.gateway.http;

import java.nio.file.Path;
import java.util.List;

/**
 * GatewaySecurity is what the gateway trusts and what it refuses: where its credentials live, the
 * names its {@code Host} header may carry, the roots API jobs may read and write under, and how it
 * speaks TLS.
 *
 * @param stateDir the gateway's own directory, readable by its user only: credentials, the first
 *     admin token, a self-signed certificate
 * @param allowedHosts names, besides the loopback names and the bind address, that a request's
 *     {@code Host} header may carry ({@code --allow-host})
 * @param allowedPaths the roots under which API jobs may read and write, checked after links are
 *     resolved ({@code --allow-path}); empty: the documented default
 * @param tlsCert a PEM certificate chain, or {@code null}
 * @param tlsKey the PEM private key of {@code tlsCert}, or {@code null}
 * @param selfSignedTls serve TLS with a certificate made at first start and kept in {@code stateDir}
 * @param insecure allow plain HTTP on an address other than loopback
 * @param metricsTokenFile a file holding the token {@code /metrics} asks for, or {@code null}: then
 *     {@code /metrics} takes the credentials of any role
 */
public record GatewaySecurity(Path stateDir, List<String> allowedHosts, List<Path> allowedPaths, Path tlsCert,
    Path tlsKey, boolean selfSignedTls, boolean insecure, Path metricsTokenFile) {

  public GatewaySecurity {
    allowedHosts = List.copyOf(allowedHosts);
    allowedPaths = List.copyOf(allowedPaths);
  }

  /** Plain HTTP, the default path roots, and state kept in {@code stateDir}. */
  public static GatewaySecurity in(Path stateDir) {
    return new GatewaySecurity(stateDir, List.of(), List.of(), null, null, false, false, null);
  }

  /** Whether the gateway speaks TLS. */
  public boolean tls() {
    return selfSignedTls || tlsCert != null;
  }

  /**
   * The state directory used when none is given: {@code $CAIRN_STATE_DIR}, else
   * {@code $XDG_STATE_HOME/cairn}, else {@code ~/.local/state/cairn}.
   */
  public static Path defaultStateDir() {
    String own = System.getenv("CAIRN_STATE_DIR");
    if (own != null && !own.isBlank()) {
      return Path.of(own).toAbsolutePath();
    }
    String xdg = System.getenv("XDG_STATE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
    return base.resolve("cairn").toAbsolutePath();
  }
}
