package dev.cairn.store;

/** RepositoryException is a failure with one of the {@link dev.cairn.common.Failures} codes and a one-line reason. */
public final class RepositoryException extends RuntimeException {
  private final int code;

  public RepositoryException(int code, String message) {
    super(message);
    this.code = code;
  }

  public RepositoryException(int code, String message, Throwable cause) {
    super(message, cause);
    this.code = code;
  }

  /** The failure code a request fails with. */
  public int code() {
    return code;
  }
}
