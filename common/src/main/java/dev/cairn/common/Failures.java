package dev.cairn.common;

import io.vertx.core.eventbus.ReplyException;
import java.util.Locale;

/**
 * Failures are the codes a room fails a request with, so a caller can tell bad input from a
 * missing object from a broken repository without parsing messages.
 */
public final class Failures {
  private Failures() {}

  /** The request itself is wrong: a bad path, an unsafe name, a missing argument. */
  public static final int BAD_INPUT = 400;
  /** The snapshot, blob or path asked for does not exist. */
  public static final int NOT_FOUND = 404;
  /** A prefix matches more than one snapshot, or the target conflicts with what is there. */
  public static final int CONFLICT = 409;
  /** Stored data failed verification: the repository is damaged. */
  public static final int CORRUPT = 422;
  /** The repository could not be read or written: disk full, permissions, I/O errors. */
  public static final int STORAGE = 507;
  /** The store is unavailable for now: down, unreachable or busy; a later try may succeed. */
  public static final int UNAVAILABLE = 503;
  /**
   * A store of another repository answered a job pinned to one: two stores serve different
   * repositories under one cluster name. Never retried.
   */
  public static final int WRONG_REPOSITORY = 421;
  /** The job was cancelled by its user before it finished. */
  public static final int CANCELLED = 499;
  /** Anything else: a defect. */
  public static final int INTERNAL = 500;
  /** An encrypted repository was given no password, or one that opens none of its keys. */
  public static final int UNAUTHORIZED = 401;

  /**
   * Describes what {@code e} says went wrong, for a reply or a job's error: its message, or, when it
   * has none, what kind of failure it is and what caused it. Never {@code "null"}.
   */
  public static String describe(Throwable e) {
    String message = e.getMessage();
    if (message != null && !message.isBlank()) {
      return message;
    }
    if (e instanceof ReplyException re) {
      return "a request failed (" + re.failureType().name().toLowerCase(Locale.ROOT).replace('_', ' ')
          + ", code " + re.failureCode() + ") without a reason";
    }
    String kind = e.getClass().getSimpleName().isEmpty() ? e.getClass().getName() : e.getClass().getSimpleName();
    return e.getCause() == null || e.getCause() == e ? kind : kind + ", caused by " + describe(e.getCause());
  }
}
