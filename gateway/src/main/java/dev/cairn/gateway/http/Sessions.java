package dev.cairn.gateway.http;

import dev.cairn.gateway.auth.Secrets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sessions are the page's signed-in users, kept in the gateway's memory only: a restart signs
 * everyone out, and each gateway of a cluster has its own. A session lasts {@link #LIFETIME} from
 * sign-in. Used on the gateway's event loop only, so it needs no locks.
 */
final class Sessions {
  static final String COOKIE = "cairn_session";
  static final Duration LIFETIME = Duration.ofHours(8);
  /** Sessions kept at most; signing in past this ends the oldest. */
  private static final int MAX_SESSIONS = 1_000;

  /** One signed-in user: their name, and the CSRF token the page sends with each change. */
  record Session(String id, String user, String csrfToken, Instant expires) {}

  private final Map<String, Session> byId = new LinkedHashMap<>();
  private final Clock clock;

  Sessions(Clock clock) {
    this.clock = clock;
  }

  /** Starts a session for {@code user}. */
  Session start(String user) {
    Instant now = clock.instant();
    byId.values().removeIf(s -> !s.expires().isAfter(now));
    if (byId.size() >= MAX_SESSIONS) {
      Iterator<String> oldest = byId.keySet().iterator();
      oldest.next();
      oldest.remove();
    }
    Session s = new Session(Secrets.randomText(32), user, Secrets.randomText(32), now.plus(LIFETIME));
    byId.put(s.id(), s);
    return s;
  }

  /** The live session {@code id} names, or null. */
  Session find(String id) {
    Session s = id == null ? null : byId.get(id);
    if (s != null && !s.expires().isAfter(clock.instant())) {
      byId.remove(id);
      return null;
    }
    return s;
  }

  void end(String id) {
    byId.remove(id);
  }
}
