package dev.cairn.gateway.jobs;

import dev.cairn.common.crypto.Compression;
import dev.cairn.common.message.MaintenanceMessages.KeepRules;
import dev.cairn.store.PackSample;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import dev.cairn.gateway.jobs.JobRequest.BackupRequest;
import dev.cairn.gateway.jobs.JobRequest.CheckRequest;
import dev.cairn.gateway.jobs.JobRequest.ForgetRequest;
import dev.cairn.gateway.jobs.JobRequest.PruneRequest;
import dev.cairn.gateway.jobs.JobRequest.RestoreRequest;

/**
 * JobRequestJson reads a job request from the JSON of {@code POST /api/jobs}, or of the cluster's
 * job list, checking every field: the validation lives here, apart from the model.
 */
final class JobRequestJson {
  private JobRequestJson() {}

  /**
   * Reads a request body; a wrong type, a missing or unknown field or a relative path fails with
   * {@link IllegalArgumentException} whose message the user reads.
   */
  static JobRequest read(JsonObject json) {
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
