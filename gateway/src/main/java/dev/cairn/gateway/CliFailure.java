package dev.cairn.gateway;

import dev.cairn.common.Failures;
import dev.cairn.store.RepositoryException;
import io.vertx.core.eventbus.ReplyException;

/** CliFailure ends a command with an exit code and one line for the user. */
final class CliFailure extends RuntimeException {
  private final int exitCode;

  CliFailure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  CliFailure(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }

  /** The failure a user reads for an exception from a node: its reason, not its class. */
  static CliFailure from(Throwable e) {
    if (e instanceof CliFailure f) {
      return f;
    }
    if (e instanceof ReplyException re && re.failureType() == io.vertx.core.eventbus.ReplyFailure.TIMEOUT) {
      return new CliFailure(1, "no answer in time: " + re.getMessage(), e);
    }
    if (e instanceof RepositoryException re && re.code() == Failures.UNAUTHORIZED
        || e instanceof ReplyException reply && reply.failureCode() == Failures.UNAUTHORIZED) {
      // A wrong or missing password: the message says which and how to give one; no retry helps.
      return new CliFailure(1, e.getMessage(), e);
    }
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new CliFailure(1, message, e);
  }
}
