package dev.cairn.gateway.jobs;

import java.util.Locale;

/** JobState is where a job is in its life; the last three are final. */
public enum JobState {
  /** Accepted, waiting for a free slot. */
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  /** Reports whether the job has ended and will not change again. */
  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  /** The name the API uses: {@code queued}, {@code running}, … */
  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
