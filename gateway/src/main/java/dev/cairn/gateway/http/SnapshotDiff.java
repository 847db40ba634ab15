package dev.cairn.gateway.http;

import dev.cairn.common.AsyncLoop;
import dev.cairn.common.ChunkId;
import dev.cairn.common.tree.Node;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * SnapshotDiff finds what changed between two snapshots: entries added, removed, and changed in
 * type, content, mode, modification time or link target.
 *
 * <p>Trees are named by their content, so a directory whose tree id is the same on both sides is
 * the same all the way down and is never read: a diff costs in proportion to what changed, not to
 * the size of the snapshots. A directory added or removed is reported as one entry, not entry by
 * entry. Each list shows its first {@link #LIMIT} entries; the counts are complete.
 */
final class SnapshotDiff {
  static final int LIMIT = 1000;

  /** Two trees at the same path, still to compare. */
  private record Pending(String path, ChunkId from, ChunkId to) {}

  private final Function<ChunkId, Future<List<Node>>> trees;
  private final Deque<Pending> todo = new ArrayDeque<>();
  private final JsonArray added = new JsonArray();
  private final JsonArray removed = new JsonArray();
  private final JsonArray changed = new JsonArray();
  private long addedCount;
  private long removedCount;
  private long changedCount;

  /** Compares trees read through {@code trees}. */
  SnapshotDiff(Function<ChunkId, Future<List<Node>>> trees) {
    this.trees = trees;
  }

  /** Compares the root trees {@code from} and {@code to}; completes with the lists and counts. */
  Future<JsonObject> run(ChunkId from, ChunkId to) {
    if (!from.equals(to)) {
      todo.add(new Pending("/", from, to));
    }
    return AsyncLoop.repeat(this::next).map(v -> new JsonObject()
        .put("added", added).put("removed", removed).put("changed", changed)
        .put("counts", new JsonObject().put("added", addedCount).put("removed", removedCount).put("changed", changedCount))
        .put("truncated", addedCount > LIMIT || removedCount > LIMIT || changedCount > LIMIT));
  }

  /** Compares the next pair of trees still to compare; the pending pairs wait on a queue, not the call stack. */
  private Future<Boolean> next() {
    Pending p = todo.poll();
    if (p == null) {
      return Future.succeededFuture(false);
    }
    return Future.all(trees.apply(p.from()), trees.apply(p.to())).map(both -> {
      compare(p.path(), both.resultAt(0), both.resultAt(1));
      return true;
    });
  }

  /** Walks two directories' entries, both sorted by the unsigned bytes of their names. */
  private void compare(String path, List<Node> before, List<Node> after) {
    int i = 0;
    int j = 0;
    while (i < before.size() || j < after.size()) {
      int order = i == before.size() ? 1 : j == after.size() ? -1
          : Arrays.compareUnsigned(before.get(i).name(), after.get(j).name());
      if (order < 0) {
        Node gone = before.get(i++);
        if (removedCount++ < LIMIT) {
          removed.add(NodeJson.of(gone, NodeJson.child(path, gone)));
        }
      } else if (order > 0) {
        Node born = after.get(j++);
        if (addedCount++ < LIMIT) {
          added.add(NodeJson.of(born, NodeJson.child(path, born)));
        }
      } else {
        both(NodeJson.child(path, after.get(j)), before.get(i++), after.get(j++));
      }
    }
  }

  private void both(String path, Node a, Node b) {
    JsonArray changes = new JsonArray();
    if (a.kind() != b.kind()) {
      changes.add("type");
    } else {
      if (a.kind() == Node.Kind.DIRECTORY && !a.subtree().equals(b.subtree())) {
        todo.add(new Pending(path, a.subtree(), b.subtree()));
      }
      if (a.kind() == Node.Kind.FILE && !a.chunks().equals(b.chunks())) {
        changes.add("content");
      }
      if (a.kind() == Node.Kind.SYMLINK && !Arrays.equals(a.linkTarget(), b.linkTarget())) {
        changes.add("target");
      }
      if (a.mode() != b.mode()) {
        changes.add("mode");
      }
      if (a.kind() == Node.Kind.FILE && a.mtimeNanos() != b.mtimeNanos()) {
        changes.add("mtime");
      }
    }
    if (!changes.isEmpty() && changedCount++ < LIMIT) {
      changed.add(NodeJson.of(b, path).put("changes", changes).put("sizeBefore", a.size()));
    }
  }
}
