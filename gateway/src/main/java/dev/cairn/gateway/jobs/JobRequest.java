package dev.cairn.gateway.jobs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * JobRequest is what a user asks for in {@code POST /api/jobs}: a backup of absolute paths, a
 * restore of a snapshot under an absolute directory, or a check of the repository.
 */
public sealed interface JobRequest {
  /** The job type as the API names it. */
  String type();

  /** The request as the API shows it back, inside the job. */
  JsonObject toJson();

  /**
   * A backup of {@code paths}; with {@code force}, every file is read. With {@code shared}, the
   * paths are on storage every node of a cluster sees at the same place, so hashers on every node
   * read them; otherwise only the hashers of the scanner's node do.
   */
  record BackupRequest(List<String> paths, boolean force, boolean shared) implements JobRequest {
    public BackupRequest {
      paths = List.copyOf(paths);
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
      return new JsonObject().put("type", type()).put("paths", new JsonArray(paths)).put("force", force)
          .put("source", shared ? "shared" : "local");
    }
  }

  /** A restore of {@code snapshot} (an id, a prefix or {@code latest}) under {@code target}. */
  record RestoreRequest(String snapshot, String target, String include) implements JobRequest {
    @Override
    public String type() {
      return "restore";
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("type", type()).put("snapshot", snapshot).put("target", target)
          .put("include", include);
    }
  }

  /** A check of the repository; with {@code readData}, every chunk is read and verified. */
  record CheckRequest(boolean readData) implements JobRequest {
    @Override
    public String type() {
      return "check";
    }

    @Override
    public JsonObject toJson() {
      return new JsonObject().put("type", type()).put("readData", readData);
    }
  }

  /**
   * Reads a request body; a wrong type, a missing or unknown field or a relative path fails with
   * {@link IllegalArgumentException} whose message the user reads.
   */
  static JobRequest fromJson(JsonObject json) {
    Object type = json.getValue("type");
    if (!(type instanceof String name)) {
      throw new IllegalArgumentException("\"type\" must be one of \"backup\", \"restore\", \"check\"");
    }
    onlyFields(json, name, switch (name) {
      case "backup" -> Set.of("type", "paths", "force", "source");
      case "restore" -> Set.of("type", "snapshot", "target", "include");
      case "check" -> Set.of("type", "readData");
      default -> json.fieldNames(); // the type itself is refused below
    });
    return switch (name) {
      case "backup" -> new BackupRequest(paths(json), flag(json, "force"), shared(json));
      case "restore" -> new RestoreRequest(text(json, "snapshot", true), absolute(text(json, "target", true), "target"),
          text(json, "include", false));
      case "check" -> new CheckRequest(flag(json, "readData"));
      default -> throw new IllegalArgumentException("unknown job type \"" + name
          + "\": it must be one of \"backup\", \"restore\", \"check\"");
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
    Object value = json.getValue(field);
    if (value != null && !(value instanceof Boolean)) {
      throw new IllegalArgumentException("\"" + field + "\" must be true or false");
    }
    return Boolean.TRUE.equals(value);
  }
}
