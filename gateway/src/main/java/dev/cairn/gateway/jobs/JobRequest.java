package dev.cairn.gateway.jobs;

import dev.cairn.common.crypto.Compression;
import dev.cairn.common.message.MaintenanceMessages.ForgetReport;
import dev.cairn.common.message.MaintenanceMessages.KeepRules;
import dev.cairn.common.message.MaintenanceMessages.PruneReport;
import dev.cairn.common.message.StoreMessages.CheckReport;
import dev.cairn.store.PackSample;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

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
  }

  /**
   * Reads a request body; a wrong type, a missing or unknown field or a relative path fails with
   * {@link IllegalArgumentException} whose message the user reads.
   */
  static JobRequest fromJson(JsonObject json) {
    Object type = json.getValue("type");
    if (!(type instanceof String name)) {
      throw new IllegalArgumentException("\"type\" must be one of " + types());
    }
    onlyFields(json, name, switch (name) {
      case "backup" -> Set.of("type", "paths", "force", "source", "compression");
      case "restore" -> Set.of("type", "snapshot", "target", "include", "numericOwner", "setIdBits", "trustTarget");
      case "check" -> Set.of("type", "readData", "readDataSubset", "seed");
      case "forget" -> Set.of("type", "keepLast", "keepDaily", "keepWeekly", "keepMonthly", "timeZone", "dryRun");
      case "prune" -> Set.of("type", "dryRun");
      default -> json.fieldNames(); // the type itself is refused below
    });
    return switch (name) {
      case "backup" -> new BackupRequest(paths(json), flag(json, "force"), shared(json), compression(json));
      case "restore" -> new RestoreRequest(text(json, "snapshot", true), absolute(text(json, "target", true), "target"),
          text(json, "include", false), flag(json, "numericOwner"), flag(json, "setIdBits", true), flag(json, "trustTarget"));
      case "check" -> check(json);
      case "forget" -> forget(json);
      case "prune" -> new PruneRequest(flag(json, "dryRun"));
      default -> throw new IllegalArgumentException("unknown job type \"" + name + "\": it must be one of " + types());
    };
  }

  /** Refuses a field the job type does not take: a misspelt option must not be ignored silently. */
  private static void onlyFields(JsonObject json, String type, Set<String> allowed) {
    for (String field : json.fieldNames()) {
      if (!allowed.contains(field)) {
        throw new IllegalArgumentException("a " + type + " job takes no \"" + field + "\"; it takes "
            + allowed.stream().sorted().map(f -> "\"" + f + "\"").toList());
      }
    }
  }

  private static String types() {
    return "\"backup\", \"restore\", \"check\", \"forget\" or \"prune\"";
  }

  private static CheckRequest check(JsonObject json) {
    String subset = text(json, "readDataSubset", false);
    if (subset != null) {
      try {
        PackSample.parse(subset);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("\"readDataSubset\" " + e.getMessage());
      }
      if (Boolean.FALSE.equals(json.getValue("readData"))) {
        throw new IllegalArgumentException("\"readDataSubset\" reads data: it cannot go with \"readData\": false");
      }
    }
    Object seed = json.getValue("seed");
    if (seed != null && !(seed instanceof Integer || seed instanceof Long)) {
      throw new IllegalArgumentException("\"seed\" must be an integer");
    }
    return new CheckRequest(flag(json, "readData") || subset != null, subset,
        seed == null ? null : ((Number) seed).longValue());
  }

  private static ForgetRequest forget(JsonObject json) {
    KeepRules rules = new KeepRules(count(json, "keepLast"), count(json, "keepDaily"), count(json, "keepWeekly"),
        count(json, "keepMonthly"));
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("a forget needs a rule: at least one of \"keepLast\", \"keepDaily\", "
          + "\"keepWeekly\" or \"keepMonthly\" above 0 (forget never removes every snapshot)");
    }
    String zone = text(json, "timeZone", false);
    try {
      zone = zone == null ? ZoneId.systemDefault().getId() : ZoneId.of(zone).getId();
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("\"timeZone\" is not a time zone: \"" + zone + "\"");
    }
    return new ForgetRequest(rules, zone, flag(json, "dryRun"));
  }

  /** A count that may be absent (0) but not negative, fractional or of another type. */
  private static int count(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return 0;
    }
    if (!(value instanceof Integer n) || n < 0) {
      throw new IllegalArgumentException("\"" + field + "\" must be a whole number, 0 or more");
    }
    return n;
  }

  private static List<String> paths(JsonObject json) {
    if (!(json.getValue("paths") instanceof JsonArray array) || array.isEmpty()) {
      throw new IllegalArgumentException("a backup needs \"paths\": a non-empty array of absolute paths");
    }
    List<String> paths = new ArrayList<>();
    for (Object p : array) {
      if (!(p instanceof String s)) {
        throw new IllegalArgumentException("\"paths\" must hold strings only");
      }
      paths.add(absolute(s, "path"));
    }
    return paths;
  }

  /** The compression a backup asks for, in its canonical form, or empty for the repository's. */
  private static String compression(JsonObject json) {
    String text = text(json, "compression", false);
    if (text == null) {
      return "";
    }
    try {
      return Compression.parse(text).toString();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("\"compression\" must be off, auto or max, optionally with a level "
          + "(max:19): " + e.getMessage());
    }
  }

  private static boolean shared(JsonObject json) {
    String source = text(json, "source", false);
    if (source == null || source.equals("local")) {
      return false;
    }
    if (source.equals("shared")) {
      return true;
    }
    throw new IllegalArgumentException("\"source\" must be \"local\" (only the scanner's node sees the paths) or "
        + "\"shared\" (every node sees them at the same place)");
  }

  private static String absolute(String path, String what) {
    if (path.isEmpty() || path.charAt(0) != '/' || path.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("the " + what + " must be absolute: \"" + path + "\"");
    }
    return Path.of(path).normalize().toString();
  }

  private static String text(JsonObject json, String field, boolean required) {
    Object value = json.getValue(field);
    if (value == null && !required) {
      return null;
    }
    if (!(value instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException("\"" + field + "\" must be a non-empty string");
    }
    return s;
  }

  private static boolean flag(JsonObject json, String field) {
    return flag(json, field, false);
  }

  /** A boolean field, {@code absent} when the request leaves it out. */
  private static boolean flag(JsonObject json, String field, boolean absent) {
    Object value = json.getValue(field);
    if (value != null && !(value instanceof Boolean)) {
      throw new IllegalArgumentException("\"" + field + "\" must be true or false");
    }
    return value == null ? absent : (Boolean) value;
  }
}
