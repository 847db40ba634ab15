package dev.cairn.gateway.jobs;

/**
 * JobRefusal is why a job was not started or not cancelled, with the HTTP status and the stable
 * code the API answers with.
 */
public final class JobRefusal extends RuntimeException {
  private final int status;
  private final String code;

  public JobRefusal(int status, String code, String message) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
