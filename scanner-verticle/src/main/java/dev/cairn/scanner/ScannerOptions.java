package dev.cairn.scanner;

import dev.cairn.common.pressure.HeapGauge;
import dev.cairn.common.pressure.StorePatience;
import java.time.Clock;
import java.util.function.LongSupplier;

/**
 * ScannerOptions are the scanner's limits, and where its node's hashers are.
 *
 * @param batchesInFlight file batches sent and not yet answered, at least; the window grows to
 *     twice the hasher instances a job reaches, which keeps every hasher busy while the next batch
 *     travels
 * @param filesPerBatch small files per batch, so per-message costs are shared
 * @param bytesPerBatch bytes per batch; a file this large travels alone
 * @param bytesInFlight bytes of batches in flight at which the window throttles (it releases at
 *     half of that); three quarters of a full window of full batches, so large files do not pile
 *     up at hashers
 * @param heapPercent how full the heap is, in percent ({@link HeapGauge}); the window throttles from 85
 *     down to 70
 * @param batchTimeout how long a batch may take before it is sent again, and how many times it is sent
 * @param progressMillis how often progress is published
 * @param clock the time source for snapshot times and rates
 * @param nodeId the id of the scanner's node, whose hashers take the batches of local sources
 * @param hashers how many hasher instances a job reaches
 * @param storePatience how long the scanner's store requests wait for the store
 */
public record ScannerOptions(int batchesInFlight, int filesPerBatch, long bytesPerBatch, long bytesInFlight,
    LongSupplier heapPercent, BatchTimeout batchTimeout, long progressMillis, Clock clock, String nodeId,
    HasherCount hashers, StorePatience storePatience) {

  /** Limits sized for {@code hashers} hasher instances, on a node with no name that is the whole cluster. */
  public static ScannerOptions forHashers(int hashers) {
    return onNode("", hashers, HasherCount.fixed(hashers));
  }

  /** A batch of small files holds at most this many files: a hasher answers it in one round trip. */
  static final int BATCH_FILES = 256;
  /** A batch holds at most this many bytes of files, about two arena fills of a hasher. */
  static final long BATCH_BYTES = 16L << 20;

  /**
   * Limits for the scanner of node {@code nodeId}, which runs {@code localHashers} hasher instances
   * (restores keep twice that many batches in flight); backups reach {@code hashers}.
   */
  public static ScannerOptions onNode(String nodeId, int localHashers, HasherCount hashers) {
    int batches = Math.max(2, 2 * localHashers);
    long bytesPerBatch = BATCH_BYTES;
    return new ScannerOptions(batches, BATCH_FILES, bytesPerBatch, batches * bytesPerBatch * 3 / 4, new HeapGauge(),
        BatchTimeout.fromSystem(), 250, Clock.systemUTC(), nodeId, hashers, StorePatience.forStore(false));
  }

  /** These options with a window of {@code batches} in flight, and a bytes throttle grown with it. */
  ScannerOptions withBatchesInFlight(int batches) {
    return new ScannerOptions(batches, filesPerBatch, bytesPerBatch, bytesInFlight * batches / batchesInFlight,
        heapPercent, batchTimeout, progressMillis, clock, nodeId, hashers, storePatience);
  }

  /** These limits with the heap read from {@code heapPercent} instead. */
  public ScannerOptions withHeap(LongSupplier heapPercent) {
    return new ScannerOptions(batchesInFlight, filesPerBatch, bytesPerBatch, bytesInFlight, heapPercent,
        batchTimeout, progressMillis, clock, nodeId, hashers, storePatience);
  }

  /** These limits for a scanner whose store is as patient as {@code patience} (remote or in the process). */
  public ScannerOptions withStorePatience(StorePatience patience) {
    return new ScannerOptions(batchesInFlight, filesPerBatch, bytesPerBatch, bytesInFlight, heapPercent,
        batchTimeout, progressMillis, clock, nodeId, hashers, patience);
  }
}
