package dev.cairn.gateway.http;

import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * HostGuard refuses a request whose {@code Host} header does not name this server, with 403.
 *
 * <p>That is the defence against DNS rebinding: a page on another site that makes its own name
 * resolve to 127.0.0.1 reaches the gateway as a same-origin caller, but its requests still carry
 * its own name. The names that pass are the loopback names ({@code localhost}, any {@code
 * *.localhost}, which browsers never ask DNS about), loopback addresses, the bind address (and,
 * when bound to every interface, this machine's addresses), and the names given with {@code
 * --allow-host}; any port. The health probes pass whatever they carry: orchestrators call them by
 * pod address.
 */
final class HostGuard {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-f:.]+(%[0-9a-z_.-]+)?");

  private final Set<String> names = new HashSet<>();
  private final Set<InetAddress> addresses = new HashSet<>();

  /**
   * A guard for a server bound to {@code bindHost} that also answers to {@code allowed}. Blocking
   * when bound to every interface: it lists this machine's addresses.
   */
  HostGuard(String bindHost, List<String> allowed) {
    names.add("localhost");
    allowed.forEach(name -> names.add(normal(name)));
    InetAddress bind = literal(normal(bindHost));
    if (bind == null) {
      names.add(normal(bindHost));
    } else if (bind.isAnyLocalAddress()) {
      addresses.addAll(machineAddresses());
    } else {
      addresses.add(bind);
    }
  }

  /** Passes a request whose {@code Host} names this server on; answers any other with 403. */
  void check(RoutingContext ctx) {
    if (ctx.request().path().startsWith("/health/")) {
      ctx.next();
      return;
    }
    HostAndPort authority = ctx.request().authority();
    if (authority == null) {
      throw new ApiError(403, "host_not_allowed", "the request has no Host header; it must name this server");
    }
    if (!allows(authority.host())) {
      throw new ApiError(403, "host_not_allowed", "the Host header \"" + authority.host() + "\" does not name this "
          + "server; start serve with --allow-host " + authority.host() + " if it should");
    }
    ctx.next();
  }

  /** Reports whether {@code host}, a name or an address with or without brackets, names this server. */
  boolean allows(String host) {
    String name = normal(host);
    if (names.contains(name) || name.endsWith(".localhost")) {
      return true;
    }
    InetAddress address = literal(name);
    return address != null && (address.isLoopbackAddress() || addresses.contains(address));
  }

  /** {@code host} as names are compared: lower case, without brackets or a final dot. */
  static String normal(String host) {
    String name = host.toLowerCase(Locale.ROOT).trim();
    if (name.startsWith("[") && name.endsWith("]")) {
      name = name.substring(1, name.length() - 1);
    }
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  /** The address {@code name} spells, or null if it is a name: never a DNS lookup. */
  private static InetAddress literal(String name) {
    boolean v6 = name.contains(":") && IPV6.matcher(name).matches();
    if (!v6 && !IPV4.matcher(name).matches()) {
      return null;
    }
    try {
      return InetAddress.getByName(name);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static Set<InetAddress> machineAddresses() {
    Set<InetAddress> all = new HashSet<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        all.addAll(Collections.list(nic.getInetAddresses()));
      }
    } catch (SocketException e) {
      // No list of interfaces: only loopback and --allow-host names pass, which is the safe side.
    }
    return all;
  }
}
