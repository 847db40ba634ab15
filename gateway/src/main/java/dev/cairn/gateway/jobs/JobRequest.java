package dev.cairn.gateway.jobs;

import dev.cairn.common.Addresses;
import dev.cairn.common.crypto.Compression;
import dev.cairn.common.message.MaintenanceMessages.Forget;
import dev.cairn.common.message.MaintenanceMessages.Prune;
import dev.cairn.common.message.ScannerMessages.Backup;
import dev.cairn.common.message.ScannerMessages.Restore;
import dev.cairn.common.message.ScannerMessages.RestoreSummary;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.message.StoreMessages.Check;
import dev.cairn.common.message.MaintenanceMessages.ForgetReport;
import dev.cairn.common.message.MaintenanceMessages.KeepRules;
import dev.cairn.common.message.MaintenanceMessages.PruneReport;
import dev.cairn.common.message.StoreMessages.CheckReport;
import dev.cairn.store.PackSample;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * JobRequest is what a user asks for in {@code POST /api/jobs}: a backup of absolute paths, a
 * restore of a snapshot under an absolute directory, a check of the repository, or its upkeep:
 * forget old snapshots, prune the data no snapshot needs.
 */
public sealed interface JobRequest {
  /** The job type as the API names it. */
  String type();

  /** The request as the API shows it back, inside the job. */
  JsonObject toJson();

  /** The address of the room that runs this kind of job: the scanner's for a backup or restore, the store's else. */
  String address();

  /** The message that asks that room to run this request as job {@code jobId} for host {@code host}. */
  Object message(String jobId, String host);

  /**
   * What the job keeps from its room's reply {@code reply} as its detail (a backup's snapshot id, a
   * restore's snapshot); {@code null} for the store's jobs, which keep their report.
   */
  default String detail(Object reply) {
    return null;
  }

  /**
   * The type of the report the store answers a check, forget or prune with, which the job keeps
   * once ended; {@code null} for a backup or restore, which the scanner runs.
   */
  default Class<? extends Record> reportType() {
    return null;
  }

  /** Whether a running job of this kind can be stopped: the scanner's jobs can, the store's cannot. */
  default boolean cancellable() {
    return reportType() == null;
  }

  /**
   * Whether a running job of this kind publishes progress while it runs, so that its silence means
   * its scanner is gone: the scanner's jobs do, the store's end with one report.
   */
  default boolean reportsProgress() {
    return reportType() == null;
  }

  /**
   * A backup of {@code paths}; with {@code force}, every file is read. With {@code shared}, the
   * paths are on storage every node of a cluster sees at the same place, so hashers on every node
   * read them; otherwise only the hashers of the scanner's node do.
   *
   * @param compression how this backup compresses new data ({@link Compression#parse}), or empty
   *     for the repository's default
   */
  record BackupRequest(List<String> paths, boolean force, boolean shared, String compression) implements JobRequest {
    public BackupRequest {
      paths = List.copyOf(paths);
      compression = compression == null ? "" : compression;
    }

    /** A backup compressed as the repository does by default. */
    public BackupRequest(List<String> paths, boolean force, boolean shared) {
      this(paths, force, shared, "");
    }

    /** A backup of sources that only the scanner's node sees. */
    public BackupRequest(List<String> paths, boolean force) {
      this(paths, force, false);
    }

    @Override
    public String type() {
      return "backup";
    }

    @Override
    public JsonObject toJson() {
      JsonObject json = new JsonObject().put("type", type()).put("paths", new JsonArray(paths)).put("force", force)
          .put("source", shared ? "shared" : "local");
      return compression.isEmpty() ? json : json.put("compression", compression);
    }

    @Override
    public String address() {
      return Addresses.SCANNER_BACKUP;
    }

    @Override
    public Backup message(String jobId, String host) {
      return new Backup(jobId, paths, host, force, shared, compression);
    }

    @Override
    public String detail(Object reply) {
      return ((Snapshot) reply).id().hex();
    }
  }

  /**
   * A restore of {@code snapshot} (an id, a prefix or {@code latest}) under {@code target}.
   *
   * @param numericOwner give entries back to their recorded ids, never matching owners by name
   * @param setIdBits restore set-uid and set-gid bits where the owner is given back; {@code false}
   *     strips them from every entry
   */
  record RestoreRequest(String snapshot, String target, String include, boolean numericOwner, boolean setIdBits,
      boolean trustTarget) implements JobRequest {
    /** A restore matching owners by name and keeping set-id bits. */
    RestoreRequest(String snapshot, String target, String include) {
      this(snapshot, target, include, false, true, false);
    }

    /** This restore of the snapshot with id {@code id}. */
    RestoreRequest of(String id) {
      return new RestoreRequest(id, target, include, numericOwner, setIdBits, trustTarget);
    }

    @Override
    public String type() {
      return "restore";
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("type", type()).put("snapshot", snapshot).put("target", target)
          .put("include", include).put("numericOwner", numericOwner).put("setIdBits", setIdBits)
          .put("trustTarget", trustTarget);
    }

    @Override
    public String address() {
      return Addresses.SCANNER_RESTORE;
    }

    @Override
    public Restore message(String jobId, String host) {
      return new Restore(jobId, snapshot, target, include, numericOwner, setIdBits, trustTarget);
    }

    @Override
    public String detail(Object reply) {
      return ((RestoreSummary) reply).snapshot();
    }
  }

  /**
   * A check of the repository; with {@code readData}, chunks are read and verified: those of every
   * pack, or with {@code readDataSubset} those of some packs only ({@link PackSample}: a share
   * such as {@code 10%} drawn with {@code seed}, or a part such as {@code 1/5}).
   *
   * @param readDataSubset the packs to read, or {@code null} for all
   * @param seed the seed of a share; {@code null} until the runner draws one
   */
  record CheckRequest(boolean readData, String readDataSubset, Long seed) implements JobRequest {
    /** A check that reads every pack's content, or none. */
    public CheckRequest(boolean readData) {
      this(readData, null, null);
    }

    /** The packs whose content the check reads. */
    public PackSample sample() {
      return readDataSubset == null ? PackSample.ALL : PackSample.parse(readDataSubset);
    }

    @Override
    public String type() {
      return "check";
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("type", type()).put("readData", readData).put("readDataSubset", readDataSubset)
          .put("seed", seed);
    }

    @Override
    public Class<CheckReport> reportType() {
      return CheckReport.class;
    }

    @Override
    public String address() {
      return Addresses.STORE_CHECK;
    }

    @Override
    public Check message(String jobId, String host) {
      return new Check(readData, readDataSubset == null ? "" : readDataSubset, seed == null ? 0 : seed);
    }
  }

  /**
   * Forgets the snapshots no rule of {@code rules} keeps, days counted in {@code timeZone}; with
   * {@code dryRun}, only says which.
   */
  record ForgetRequest(KeepRules rules, String timeZone, boolean dryRun) implements JobRequest {
    @Override
    public String type() {
      return "forget";
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("type", type()).put("keepLast", rules.last()).put("keepDaily", rules.daily())
          .put("keepWeekly", rules.weekly()).put("keepMonthly", rules.monthly()).put("timeZone", timeZone)
          .put("dryRun", dryRun);
    }

    @Override
    public Class<ForgetReport> reportType() {
      return ForgetReport.class;
    }

    @Override
    public String address() {
      return Addresses.STORE_FORGET;
    }

    @Override
    public Forget message(String jobId, String host) {
      return new Forget(rules, timeZone, dryRun);
    }
  }

  /** Removes and repacks the packs no snapshot needs; with {@code dryRun}, only says which. */
  record PruneRequest(boolean dryRun) implements JobRequest {
    @Override
    public String type() {
      return "prune";
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("type", type()).put("dryRun", dryRun);
    }

    @Override
    public Class<PruneReport> reportType() {
      return PruneReport.class;
    }

    @Override
    public String address() {
      return Addresses.STORE_PRUNE;
    }

    @Override
    public Prune message(String jobId, String host) {
      return new Prune(dryRun);
    }
  }

  /**
   * Reads a request body; a wrong type, a missing or unknown field or a relative path fails with
   * {@link IllegalArgumentException} whose message the user reads (see {@link JobRequestJson}).
   */
  static JobRequest fromJson(JsonObject json) {
    return JobRequestJson.read(json);
  }
}
