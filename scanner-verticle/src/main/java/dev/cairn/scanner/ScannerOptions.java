package dev.cairn.scanner;

import java.time.Clock;

/**
 * ScannerOptions are the scanner's limits, and where its node's hashers are.
 *
 * @param batchesInFlight file batches sent and not yet answered, at least; the window grows to
 *     twice the hasher instances a job reaches, which keeps every hasher busy while the next batch
 *     travels
 * @param filesPerBatch small files per batch, so per-message costs are shared
 * @param bytesPerBatch bytes per batch; a file this large travels alone
 * @param batchTimeoutMillis how long a batch may take before the job fails
 * @param progressMillis how often progress is published
 * @param clock the time source for snapshot times and rates
 * @param nodeId the id of the scanner's node, whose hashers take the batches of local sources
 * @param hashers how many hasher instances a job reaches
 */
public record ScannerOptions(int batchesInFlight, int filesPerBatch, long bytesPerBatch, long batchTimeoutMillis,
    long progressMillis, Clock clock, String nodeId, HasherCount hashers) {

  /** Limits sized for {@code hashers} hasher instances, on a node with no name that is the whole cluster. */
  public static ScannerOptions forHashers(int hashers) {
    return onNode("", hashers, HasherCount.fixed(hashers));
  }

  /**
   * Limits for the scanner of node {@code nodeId}, which runs {@code localHashers} hasher instances
   * (restores keep twice that many batches in flight); backups reach {@code hashers}.
   */
  public static ScannerOptions onNode(String nodeId, int localHashers, HasherCount hashers) {
    return new ScannerOptions(Math.max(2, 2 * localHashers), 256, 16L << 20, 3_600_000, 250, Clock.systemUTC(), nodeId,
        hashers);
  }

  /** These options with a window of {@code batches} in flight. */
  ScannerOptions withBatchesInFlight(int batches) {
    return new ScannerOptions(batches, filesPerBatch, bytesPerBatch, batchTimeoutMillis, progressMillis, clock, nodeId,
        hashers);
  }
}
