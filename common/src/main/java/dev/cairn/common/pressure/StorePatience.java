package dev.cairn.common.pressure;

/**
 * StorePatience says how long a room waits for the store: each request is answered within
 * {@code timeoutMillis} or tried again, and an outage (every try failing for a reason a later try
 * may fix) is waited out for {@code outageMillis} before the request fails.
 *
 * <p>A store in the same process is not waited for: an outage there is a failure of the node
 * itself, so {@code outageMillis} is 0 and a request gives up after {@link StoreRequests#BACKOFF}'s
 * tries (about 3 s). A store on another node may be restarting, so a request waits for it, by
 * default for two minutes. Both are settable with the system properties
 * {@value #TIMEOUT_PROPERTY} and {@value #OUTAGE_PROPERTY} (in milliseconds).
 *
 * @param timeoutMillis how long one try waits for its answer
 * @param outageMillis how long a request keeps trying while the store is unreachable; 0 for a
 *     fixed number of tries
 */
public record StorePatience(long timeoutMillis, long outageMillis) {
  /** The system property that sets the per-try timeout, in milliseconds. */
  public static final String TIMEOUT_PROPERTY = "cairn.store.timeoutMillis";
  /** The system property that sets how long a remote store's outage is waited out, in milliseconds. */
  public static final String OUTAGE_PROPERTY = "cairn.store.outageMillis";

  /** A store answers within this time or the request is tried again; puts of a full piece are the slowest. */
  static final long TIMEOUT_MILLIS = 120_000;
  /** How long a job waits for a remote store to come back. */
  static final long OUTAGE_MILLIS = 120_000;

  public StorePatience {
    if (timeoutMillis <= 0 || outageMillis < 0) {
      throw new IllegalArgumentException("need a positive timeout and an outage bound of 0 or more");
    }
  }

  /** The patience of a room whose store runs on another node ({@code remote}) or in its own process. */
  public static StorePatience forStore(boolean remote) {
    long timeout = Long.getLong(TIMEOUT_PROPERTY, TIMEOUT_MILLIS);
    return new StorePatience(timeout, remote ? Long.getLong(OUTAGE_PROPERTY, OUTAGE_MILLIS) : 0);
  }
}
