package dev.cairn.common;

/**
 * Addresses are the event-bus addresses of every room: {@code cairn.<room>.<verb>} for requests,
 * {@code cairn.<room>.events.<noun>} for publications. Nothing else is ever sent to or published on.
 */
public final class Addresses {
  private Addresses() {}

  /** Starts a backup job: {@code Backup} in, {@code Snapshot} out. */
  public static final String SCANNER_BACKUP = "cairn.scanner.backup";
  /** Starts a restore job: {@code Restore} in, {@code RestoreSummary} out. */
  public static final String SCANNER_RESTORE = "cairn.scanner.restore";
  /** Lists a snapshot's entries: {@code ListTree} in, {@code Listing} out. */
  public static final String SCANNER_LIST = "cairn.scanner.list";
  /** Cancels a running backup or restore: {@code Cancel} in, {@code CancelReply} out. */
  public static final String SCANNER_CANCEL = "cairn.scanner.cancel";
  /** Where jobs publish {@code Progress} while they run, and once when they end. */
  public static final String SCANNER_PROGRESS = "cairn.scanner.events.progress";

  /** Hashes a batch of files on any hasher of the cluster: {@code HashFiles} in, {@code Hashed} out. */
  public static final String HASHER_FILES = "cairn.hasher.files";
  /** Writes a batch of files from their chunks: {@code RestoreFiles} in, {@code Restored} out. */
  public static final String HASHER_RESTORE = "cairn.hasher.restore";

  /**
   * Hashes a batch of files on a hasher of node {@code nodeId} only, for sources that only that
   * node sees: {@code HashFiles} in, {@code Hashed} out.
   */
  public static String hasherFilesOn(String nodeId) {
    return "cairn.hasher." + nodeId + ".files";
  }

  /**
   * Writes a batch of files on a hasher of node {@code nodeId}, the node whose scanner runs the
   * restore: {@code RestoreFiles} in, {@code Restored} out.
   */
  public static String hasherRestoreOn(String nodeId) {
    return "cairn.hasher." + nodeId + ".restore";
  }

  /** Where gateways publish each new state of the jobs they run, so every gateway can stream any job. */
  public static final String GATEWAY_JOBS = "cairn.gateway.events.job";

  /** Describes the repository: {@code Describe} in, {@code Info} out. */
  public static final String STORE_DESCRIBE = "cairn.store.describe";
  /** Which ids are stored: {@code Has} in, {@code HasReply} out. */
  public static final String STORE_HAS = "cairn.store.has";
  /** Stores blobs: {@code Put} in, {@code PutReply} out. */
  public static final String STORE_PUT = "cairn.store.put";
  /** Reads one blob: {@code Get} in, {@code Blob} out. */
  public static final String STORE_GET = "cairn.store.get";
  /** Reads many data blobs: {@code GetMany} in, {@code Blobs} out. */
  public static final String STORE_GET_MANY = "cairn.store.get-many";
  /** Commits a snapshot: {@code Commit} in, {@code Snapshot} out. */
  public static final String STORE_COMMIT = "cairn.store.commit";
  /** Finds a snapshot: {@code FindSnapshot} in, {@code Snapshot} out. */
  public static final String STORE_SNAPSHOT = "cairn.store.snapshot";
  /** Lists snapshots: {@code ListSnapshots} in, {@code SnapshotList} out. */
  public static final String STORE_SNAPSHOTS = "cairn.store.snapshots";
  /** Checks the repository: {@code Check} in, {@code CheckReport} out. */
  public static final String STORE_CHECK = "cairn.store.check";
  /** Counts what the repository holds: {@code Stats} in, {@code RepositoryStats} out. */
  public static final String STORE_STATS = "cairn.store.stats";
  /** Takes or renews a job's shared lease on the repository: {@code Lock} in, {@code Locked} out. */
  public static final String STORE_LOCK = "cairn.store.lock";
  /** Releases a job's lease: {@code Unlock} in and out. */
  public static final String STORE_UNLOCK = "cairn.store.unlock";
  /** Removes snapshots by retention rules: {@code Forget} in, {@code ForgetReport} out. */
  public static final String STORE_FORGET = "cairn.store.forget";
  /** Reclaims the space of data no snapshot needs: {@code Prune} in, {@code PruneReport} out. */
  public static final String STORE_PRUNE = "cairn.store.prune";
}
