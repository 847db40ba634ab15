package dev.cairn.scanner;

/**
 * BatchTimeout says how long a batch may take at a hasher before it is taken for lost, and how
 * many times a lost batch is sent.
 *
 * <p>A batch may take {@code baseMillis} plus {@code millisPerMiB} for each MiB of its files: by
 * default a minute, which covers waiting behind the batches a hasher already holds and the
 * store's queue, plus a second per MiB (a hasher slower than 1 MiB/s is taken for dead), so a
 * full 16 MiB batch has 76 s. A hasher that dies therefore costs about a minute, not the job.
 * Defaults may be changed with the system properties {@value #BASE_PROPERTY} and
 * {@value #PER_MIB_PROPERTY}.
 *
 * @param baseMillis the time any batch may take
 * @param millisPerMiB the time added for each MiB of the batch's files
 * @param attempts how many times a batch is sent before the job fails (1: never again)
 */
public record BatchTimeout(long baseMillis, long millisPerMiB, int attempts) {
  /** The system property that sets {@link #baseMillis}. */
  public static final String BASE_PROPERTY = "cairn.batch.timeoutMillis";
  /** The system property that sets {@link #millisPerMiB}. */
  public static final String PER_MIB_PROPERTY = "cairn.batch.millisPerMiB";

  public BatchTimeout {
    if (baseMillis <= 0 || millisPerMiB < 0 || attempts < 1) {
      throw new IllegalArgumentException("need a positive base, no negative rate and at least one attempt");
    }
  }

  /** The default rule, or the one the system properties set; a batch is sent at most four times. */
  public static BatchTimeout fromSystem() {
    return new BatchTimeout(Long.getLong(BASE_PROPERTY, 60_000), Long.getLong(PER_MIB_PROPERTY, 1_000), 4);
  }

  /** The time a batch of {@code bytes} may take. */
  public long millisFor(long bytes) {
    return baseMillis + millisPerMiB * (bytes >> 20);
  }

  /** This rule, sending each batch only once: for batches that must not run twice. */
  public BatchTimeout once() {
    return new BatchTimeout(baseMillis, millisPerMiB, 1);
  }
}
