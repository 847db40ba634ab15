package dev.cairn.scanner;

import java.time.Clock;

/**
 * ScannerOptions are the scanner's limits.
 *
 * @param batchesInFlight file batches sent and not yet answered; twice the hasher instances keeps
 *     every hasher busy while the next batch travels
 * @param filesPerBatch small files per batch, so per-message costs are shared
 * @param bytesPerBatch bytes per batch; a file this large travels alone
 * @param batchTimeoutMillis how long a batch may take before the job fails
 * @param progressMillis how often progress is published
 * @param clock the time source for snapshot times and rates
 */
public record ScannerOptions(int batchesInFlight, int filesPerBatch, long bytesPerBatch, long batchTimeoutMillis,
    long progressMillis, Clock clock) {

  /** Limits sized for {@code hashers} hasher instances. */
  public static ScannerOptions forHashers(int hashers) {
    return new ScannerOptions(Math.max(2, 2 * hashers), 256, 16L << 20, 3_600_000, 250, Clock.systemUTC());
  }
}
