package dev.cairn.gateway.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * ConnectionGuard keeps the gateway's connections few and moving: at most {@code maxConnections}
 * open, at most {@code maxConnectionsPerPeer} of them from one address; each must send a complete
 * request head within {@code headerSeconds} of opening or of its previous answer, and a request's
 * whole body within {@code bodySeconds} of its head.
 *
 * <p>Without it, a client that opens connections and sends nothing (or a byte now and then, in a
 * head or in a body) holds a descriptor each until the process has none left and stops answering
 * even its health probe. With it, a new connection beyond a cap closes the oldest one that has no
 * request in progress, else the oldest still sending a request body, so a probe or a person
 * always gets in while the idle and the slow are shed. A request whose body has arrived is busy
 * and never shed: a job stream, which needs a credential, may stay open as long as it likes, but
 * it counts against its address's cap. Only when every connection is busy is the new one closed.
 *
 * <p>All of it runs on the gateway's one event loop, so the tables need no lock.
 */
final class ConnectionGuard {
  private final Vertx vertx;
  private final int maxConnections;
  private final int maxPerPeer;
  private final long headerMillis;
  private final long bodyMillis;
  /** Open connections, oldest first. */
  private final Map<HttpConnection, Tracked> open = new LinkedHashMap<>();
  private final Map<String, Integer> perPeer = new HashMap<>();

  /** A connection's requests in progress, the request whose body is arriving, and their timers. */
  private static final class Tracked {
    final String peer;
    int busy;
    long headDeadline = -1;
    HttpServerRequest receiving;
    long bodyDeadline = -1;

    Tracked(String peer) {
      this.peer = peer;
    }

    boolean sheddable() {
      return busy == 0 || (receiving != null && !receiving.isEnded());
    }
  }

  ConnectionGuard(Vertx vertx, GatewayLimits limits) {
    this.vertx = vertx;
    this.maxConnections = limits.maxConnections();
    this.maxPerPeer = limits.maxConnectionsPerPeer();
    this.headerMillis = limits.headerSeconds() * 1000L;
    this.bodyMillis = limits.bodySeconds() * 1000L;
  }

  /** Takes in a new connection: sheds one if a cap is reached, and starts its head deadline. */
  void opened(HttpConnection connection) {
    String peer = peerOf(connection);
    if (perPeer.getOrDefault(peer, 0) >= maxPerPeer && !shed(t -> t.peer.equals(peer))
        || open.size() >= maxConnections && !shed(t -> true)) {
      connection.close();
      return;
    }
    Tracked tracked = new Tracked(peer);
    open.put(connection, tracked);
    perPeer.merge(peer, 1, Integer::sum);
    connection.closeHandler(v -> forget(connection));
    await(connection, tracked);
  }

  /**
   * Marks the request's connection busy until the answer ends, closes it if the request's body is
   * not all in by its deadline, and starts the connection's next head deadline after the answer.
   */
  void track(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    HttpConnection connection = request.connection();
    Tracked tracked = connection == null ? null : open.get(connection);
    if (tracked != null) {
      tracked.busy++;
      cancel(tracked.headDeadline);
      tracked.headDeadline = -1;
      if (!request.isEnded()) {
        cancel(tracked.bodyDeadline);
        tracked.receiving = request;
        tracked.bodyDeadline = vertx.setTimer(bodyMillis, t -> {
          tracked.bodyDeadline = -1;
          if (tracked.receiving == request && !request.isEnded()) {
            connection.close();
          }
        });
      }
      ctx.addEndHandler(done -> {
        tracked.busy--;
        if (tracked.receiving == request) {
          tracked.receiving = null;
          cancel(tracked.bodyDeadline);
          tracked.bodyDeadline = -1;
        }
        if (tracked.busy == 0 && open.get(connection) == tracked) {
          await(connection, tracked);
        }
      });
    }
    ctx.next();
  }

  private void await(HttpConnection connection, Tracked tracked) {
    tracked.headDeadline = vertx.setTimer(headerMillis, t -> {
      tracked.headDeadline = -1;
      if (tracked.busy == 0) {
        connection.close();
      }
    });
  }

  /**
   * Closes the oldest connection {@code which} accepts that has no request in progress, else the
   * oldest such one still sending a request body; reports whether there was one.
   */
  private boolean shed(Predicate<Tracked> which) {
    HttpConnection slow = null;
    for (Map.Entry<HttpConnection, Tracked> entry : open.entrySet()) {
      Tracked t = entry.getValue();
      if (!which.test(t) || !t.sheddable()) {
        continue;
      }
      if (t.busy == 0) {
        slow = entry.getKey();
        break;
      }
      if (slow == null) {
        slow = entry.getKey();
      }
    }
    if (slow == null) {
      return false;
    }
    forget(slow);
    slow.close();
    return true;
  }

  /** Drops a connection from the tables and its timers, once, whether it was shed or closed. */
  private void forget(HttpConnection connection) {
    Tracked gone = open.remove(connection);
    if (gone == null) {
      return;
    }
    cancel(gone.headDeadline);
    cancel(gone.bodyDeadline);
    perPeer.computeIfPresent(gone.peer, (k, n) -> n > 1 ? n - 1 : null);
  }

  private void cancel(long timer) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  private static String peerOf(HttpConnection connection) {
    SocketAddress remote = connection.remoteAddress();
    if (remote == null) {
      return "";
    }
    return remote.hostAddress() != null ? remote.hostAddress() : String.valueOf(remote.host());
  }
}
