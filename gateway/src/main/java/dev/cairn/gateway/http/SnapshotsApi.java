package dev.cairn.gateway.http;

import dev.cairn.common.AsyncLoop;
import dev.cairn.common.ChunkId;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.tree.Node;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * SnapshotsApi answers {@code /api/snapshots}: the list with totals, one snapshot with its errors,
 * a directory of it, and what changed between two.
 */
final class SnapshotsApi {
  static final int DEFAULT_LIMIT = 1000;
  static final int MAX_LIMIT = 10_000;

  private final RepositoryClient repository;

  SnapshotsApi(RepositoryClient repository) {
    this.repository = repository;
  }

  /**
   * {@code GET /api/snapshots}: every readable snapshot, oldest first, without its error lists, and
   * under {@code damaged} a line naming each snapshot file left out because it could not be read.
   */
  void list(RoutingContext ctx) {
    Answers.ok(ctx, repository.listing().map(listing -> {
      JsonArray array = new JsonArray();
      listing.snapshots().forEach(s -> array.add(summary(s)));
      return new JsonObject().put("snapshots", array).put("damaged", new JsonArray(listing.damaged()));
    }));
  }

  /** {@code GET /api/snapshots/{id}}: one snapshot, by id, unique prefix or {@code latest}, with its errors. */
  void get(RoutingContext ctx) {
    Answers.ok(ctx, repository.find(ctx.pathParam("id")).map(s -> summary(s)
        .put("errors", new JsonArray(s.errors())).put("skipped", new JsonArray(s.skipped()))));
  }

  /**
   * {@code GET /api/snapshots/{id}/tree?path=/a/b}: the entry at a path and, for a directory, its
   * entries and the id of its tree (equal in two snapshots exactly when the directory's contents are).
   */
  void tree(RoutingContext ctx) {
    String path = ctx.queryParams().get("path") == null ? "/" : ctx.queryParams().get("path");
    List<byte[]> names = names(path);
    int offset = number(ctx, "offset", 0, Integer.MAX_VALUE, 0);
    int limit = number(ctx, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT);
    Answers.ok(ctx, repository.find(ctx.pathParam("id")).compose(snapshot ->
        locate(snapshot.tree(), names, path).compose(at -> {
          JsonObject answer = new JsonObject().put("snapshot", snapshot.id().hex()).put("path", at.path())
              .put("entry", at.node() == null ? root() : NodeJson.of(at.node(), at.path()));
          if (at.tree() == null) {
            return Future.succeededFuture(answer.put("entries", new JsonArray()).put("total", 0));
          }
          answer.put("tree", at.tree().hex());
          return repository.tree(at.tree()).map(entries -> {
            JsonArray page = new JsonArray();
            entries.stream().skip(offset).limit(limit).forEach(n -> page.add(NodeJson.of(n, NodeJson.child(at.path(), n))));
            return answer.put("entries", page).put("total", entries.size()).put("offset", offset).put("limit", limit);
          });
        })));
  }

  /** {@code GET /api/snapshots/{id}/diff/{other}}: what changed from the first snapshot to the second. */
  void diff(RoutingContext ctx) {
    Future<Snapshot> from = repository.find(ctx.pathParam("id"));
    Future<Snapshot> to = repository.find(ctx.pathParam("other"));
    Answers.ok(ctx, Future.all(from, to).compose(both -> new SnapshotDiff(repository::tree)
        .run(from.result().tree(), to.result().tree())
        .map(diff -> diff.put("from", from.result().id().hex()).put("to", to.result().id().hex()))));
  }

  static JsonObject summary(Snapshot s) {
    Snapshot.Totals t = s.totals();
    return new JsonObject()
        .put("id", s.id().hex())
        .put("shortId", s.id().shortHex())
        .put("time", s.time().toString())
        .put("host", s.host())
        .put("paths", new JsonArray(s.paths()))
        .put("tree", s.tree().hex())
        .put("totals", new JsonObject().put("files", t.files()).put("directories", t.directories())
            .put("bytes", t.bytes()).put("newBytes", t.newBytes()).put("newBlobs", t.newBlobs())
            .put("unchangedFiles", t.unchangedFiles()))
        .put("dedupRatio", t.newBytes() == 0 ? null : (double) t.bytes() / t.newBytes())
        .put("errorCount", s.errors().size())
        .put("skippedCount", s.skipped().size());
  }

  /** An entry found at a path: its node ({@code null} for the root) and the tree it lists, if a directory. */
  private record Located(Node node, ChunkId tree, String path) {}

  /** Follows {@code names} down from {@code tree}, one tree at a time in a loop, so a path of any depth is found. */
  private Future<Located> locate(ChunkId tree, List<byte[]> names, String asked) {
    Located[] at = {new Located(null, tree, "/")};
    int[] depth = {0};
    return AsyncLoop.repeat(() -> {
      if (depth[0] == names.size()) {
        return Future.succeededFuture(false);
      }
      return repository.tree(at[0].tree()).compose(entries -> {
        byte[] name = names.get(depth[0]++);
        Node child = entries.stream().filter(n -> Arrays.equals(n.name(), name)).findFirst().orElse(null);
        if (child == null || depth[0] < names.size() && child.kind() != Node.Kind.DIRECTORY) {
          return Future.failedFuture(ApiError.notFound("the snapshot has no " + asked));
        }
        at[0] = new Located(child, child.subtree(), NodeJson.child(at[0].path(), child));
        return Future.succeededFuture(true);
      });
    }).map(v -> at[0]);
  }

  private static JsonObject root() {
    return new JsonObject().put("name", "/").put("path", "/").put("type", "directory");
  }

  /** The names of {@code path}, which must be absolute and may not climb with {@code ..}. */
  private static List<byte[]> names(String path) {
    if (!path.startsWith("/")) {
      throw ApiError.badRequest("path must be absolute: " + path);
    }
    List<byte[]> names = new ArrayList<>();
    for (String part : path.split("/")) {
      if (part.equals("..")) {
        throw ApiError.badRequest("path may not contain '..': " + path);
      }
      if (!part.isEmpty() && !part.equals(".")) {
        names.add(part.getBytes(StandardCharsets.UTF_8));
      }
    }
    return names;
  }

  private static int number(RoutingContext ctx, String name, int min, int max, int fallback) {
    String raw = ctx.queryParams().get(name);
    if (raw == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiError.badRequest(name + " must be a whole number from " + min + " to " + max);
  }
}
