package dev.cairn.common.message;

import dev.cairn.common.ChunkId;
import dev.cairn.common.wire.WireIn;
import dev.cairn.common.wire.WireOut;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * Snapshot is one committed backup: when and where it was taken, what it covered, its root tree,
 * its totals and every error met on the way.
 *
 * @param id the id of the committed snapshot file; {@code null} before the store commits it
 * @param time when the backup started
 * @param host the machine it was taken on
 * @param paths the absolute source paths, as given
 * @param tree the root tree: each source path appears under it at its absolute location
 * @param totals what the backup counted
 * @param errors one line per path that could not be backed up, {@code path: reason}
 * @param skipped one line per special file (FIFO, socket, device) left out by design
 */
public record Snapshot(ChunkId id, Instant time, String host, List<String> paths, ChunkId tree, Totals totals,
    List<String> errors, List<String> skipped) {

  public Snapshot {
    paths = List.copyOf(paths);
    errors = List.copyOf(errors);
    skipped = List.copyOf(skipped);
  }

  /** A snapshot that skipped nothing. */
  public Snapshot(ChunkId id, Instant time, String host, List<String> paths, ChunkId tree, Totals totals,
      List<String> errors) {
    this(id, time, host, paths, tree, totals, errors, List.of());
  }

  /**
   * What a backup counted.
   *
   * @param files files in the snapshot
   * @param bytes their logical size
   * @param newBytes bytes of content the repository did not hold before
   * @param unchangedFiles files taken from the parent snapshot without being read
   */
  public record Totals(long files, long directories, long bytes, long newBytes, long newBlobs, long unchangedFiles) {
    JsonObject toJson() {
      return new JsonObject().put("files", files).put("directories", directories).put("bytes", bytes)
          .put("newBytes", newBytes).put("newBlobs", newBlobs).put("unchangedFiles", unchangedFiles);
    }

    static Totals fromJson(JsonObject json) {
      return new Totals(json.getLong("files"), json.getLong("directories"), json.getLong("bytes"),
          json.getLong("newBytes"), json.getLong("newBlobs"), json.getLong("unchangedFiles", 0L));
    }

    void write(WireOut out) {
      out.i64(files).i64(directories).i64(bytes).i64(newBytes).i64(newBlobs).i64(unchangedFiles);
    }

    static Totals read(WireIn in) {
      return new Totals(in.i64(), in.i64(), in.i64(), in.i64(), in.i64(), in.i64());
    }
  }

  /** Returns this snapshot as committed under {@code newId}. */
  public Snapshot withId(ChunkId newId) {
    return new Snapshot(newId, time, host, paths, tree, totals, errors, skipped);
  }

  /** The stored form, and the form {@code snapshots --json} prints (with the id). */
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (id != null) {
      json.put("id", id.hex());
    }
    return json.put("time", time.toString()).put("host", host).put("paths", new JsonArray(paths))
        .put("tree", tree.hex()).put("totals", totals.toJson()).put("errors", new JsonArray(errors)).put("skipped", new JsonArray(skipped));
  }

  /** Reads the stored form; {@code id} is the name of the file it came from. */
  public static Snapshot fromJson(ChunkId id, JsonObject json) {
    return new Snapshot(id, Instant.parse(json.getString("time")), json.getString("host"),
        json.getJsonArray("paths").stream().map(String.class::cast).toList(),
        ChunkId.fromHex(json.getString("tree")), Totals.fromJson(json.getJsonObject("totals")),
        json.getJsonArray("errors").stream().map(String.class::cast).toList(),
        json.getJsonArray("skipped", new JsonArray()).stream().map(String.class::cast).toList());
  }

  void write(WireOut out) {
    out.id(id).i64(time.getEpochSecond()).i32(time.getNano()).str(host).list(paths, WireOut::str).id(tree);
    totals.write(out);
    out.list(errors, WireOut::str).list(skipped, WireOut::str);
  }

  static Snapshot read(WireIn in) {
    return new Snapshot(in.id(), Instant.ofEpochSecond(in.i64(), in.i32()), in.str(), in.list(WireIn::str), in.id(),
        Totals.read(in), in.list(WireIn::str), in.list(WireIn::str));
  }
}
