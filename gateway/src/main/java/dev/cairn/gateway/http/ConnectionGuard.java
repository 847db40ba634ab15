package dev.cairn.gateway.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.RoutingContext;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ConnectionGuard keeps the gateway's connections few and busy: at most {@code maxConnections}
 * open, and each must send a complete request head within {@code headerSeconds} of opening or of
 * its previous answer.
 *
 * <p>Without it, a client that opens connections and sends nothing (or a byte now and then) holds a
 * descriptor each until the process has none left and stops answering even its health probe. With
 * it, a new connection beyond the cap closes the oldest one that has no request in progress, so a
 * probe or a person always gets in while the idle ones are shed; only when every connection is
 * busy with a request is the new one closed instead.
 *
 * <p>All of it runs on the gateway's one event loop, so the table needs no lock.
 */
final class ConnectionGuard {
  private final Vertx vertx;
  private final int maxConnections;
  private final long headerMillis;
  /** Open connections, oldest first. */
  private final Map<HttpConnection, Tracked> open = new LinkedHashMap<>();

  /** A connection's requests in progress, and the timer that closes it if it sends no head in time. */
  private static final class Tracked {
    int busy;
    long deadline = -1;
  }

  ConnectionGuard(Vertx vertx, GatewayLimits limits) {
    this.vertx = vertx;
    this.maxConnections = limits.maxConnections();
    this.headerMillis = limits.headerSeconds() * 1000L;
  }

  /** Takes in a new connection: sheds an idle one if the cap is reached, and starts its head deadline. */
  void opened(HttpConnection connection) {
    if (open.size() >= maxConnections && !shedIdle()) {
      connection.close();
      return;
    }
    Tracked tracked = new Tracked();
    open.put(connection, tracked);
    connection.closeHandler(v -> {
      Tracked gone = open.remove(connection);
      if (gone != null && gone.deadline >= 0) {
        vertx.cancelTimer(gone.deadline);
      }
    });
    await(connection, tracked);
  }

  /** Marks the request's connection busy until the answer ends, then starts its next head deadline. */
  void track(RoutingContext ctx) {
    HttpConnection connection = ctx.request().connection();
    Tracked tracked = connection == null ? null : open.get(connection);
    if (tracked != null) {
      tracked.busy++;
      if (tracked.deadline >= 0) {
        vertx.cancelTimer(tracked.deadline);
        tracked.deadline = -1;
      }
      ctx.addEndHandler(done -> {
        tracked.busy--;
        if (tracked.busy == 0 && open.get(connection) == tracked) {
          await(connection, tracked);
        }
      });
    }
    ctx.next();
  }

  private void await(HttpConnection connection, Tracked tracked) {
    tracked.deadline = vertx.setTimer(headerMillis, t -> {
      tracked.deadline = -1;
      if (tracked.busy == 0) {
        connection.close();
      }
    });
  }

  /** Closes the oldest connection with no request in progress; reports whether there was one. */
  private boolean shedIdle() {
    for (Iterator<Map.Entry<HttpConnection, Tracked>> it = open.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<HttpConnection, Tracked> entry = it.next();
      if (entry.getValue().busy == 0) {
        it.remove();
        if (entry.getValue().deadline >= 0) {
          vertx.cancelTimer(entry.getValue().deadline);
        }
        entry.getKey().close();
        return true;
      }
    }
    return false;
  }
}
