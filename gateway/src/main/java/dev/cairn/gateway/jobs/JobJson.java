package dev.cairn.gateway.jobs;

import dev.cairn.common.message.Progress;
import dev.cairn.common.message.MaintenanceMessages.ForgetReport;
import dev.cairn.common.message.MaintenanceMessages.Kept;
import dev.cairn.common.message.MaintenanceMessages.PackUse;
import dev.cairn.common.message.MaintenanceMessages.PruneReport;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.message.StoreMessages.CheckReport;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;

/**
 * JobJson writes a job as the API, the event stream and {@code --json} show it. Its fields are a
 * contract for scripts: {@code id}, {@code type}, {@code state}, {@code counters}, {@code workers}
 * (what the hashers of each node did, by node id), once a backup has succeeded, {@code
 * snapshot}, and once a check, forget or prune has ended, its report under {@code check}, {@code
 * forget} or {@code prune}. Absent values are {@code null}, never missing, but for those reports.
 */
public final class JobJson {
  private static final Progress.Counters NOTHING = new Progress.Counters(0, 0, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, false);

  private JobJson() {}

  public static JsonObject of(Job job) {
    Progress p = job.progress();
    Progress.Counters c = p == null ? NOTHING : p.counters();
    JsonObject json = new JsonObject()
        .put("id", job.id())
        .put("type", job.type())
        .put("state", job.state().wire())
        .put("phase", phase(job))
        .put("request", job.request().toJson())
        .put("created", time(job.created()))
        .put("started", time(job.started()))
        .put("finished", time(job.finished()))
        .put("elapsedMillis", p == null ? 0 : p.elapsedMillis())
        .put("counters", counters(c).put("bytesSent", p == null ? 0 : p.bytesSent()))
        .put("workers", workers(p))
        .put("throughput", new JsonObject()
            .put("bytesPerSecond", p == null || job.state().terminal() ? 0 : p.rates().bytesPerSecond())
            .put("filesPerSecond", p == null || job.state().terminal() ? 0 : p.rates().filesPerSecond()))
        .put("etaMillis", p == null || p.rates().etaMillis() < 0 || job.state().terminal() ? null : p.rates().etaMillis())
        .put("dedupRatio", "backup".equals(job.type()) && c.bytesNew() > 0 ? (double) c.bytesRead() / c.bytesNew() : null)
        .put("queues", p == null ? new JsonObject().put("filesWaiting", 0).put("batchesInFlight", 0).put("treesInFlight", 0)
            : new JsonObject().put("filesWaiting", p.queues().filesWaiting())
                .put("batchesInFlight", p.queues().batchesInFlight()).put("treesInFlight", p.queues().treesInFlight()))
        .put("errors", new JsonArray(p == null ? List.of() : p.errors()))
        .put("history", history(job))
        .put("snapshot", job.snapshot())
        .put("error", job.error())
        .put("cancelRequested", job.cancelRequested());
    if (job.report() instanceof CheckReport r) {
      json.put("check", check(r));
    } else if (job.report() instanceof ForgetReport r) {
      json.put("forget", forget(r));
    } else if (job.report() instanceof PruneReport r) {
      json.put("prune", prune(r));
    }
    return json;
  }

  private static String phase(Job job) {
    if (job.state().terminal()) {
      return Progress.DONE;
    }
    if (job.progress() != null) {
      return job.progress().phase();
    }
    if (job.state() == JobState.QUEUED) {
      return "queued";
    }
    return switch (job.type()) {
      case "check" -> "checking";
      case "forget" -> "forgetting";
      case "prune" -> "pruning";
      default -> Progress.PREPARING;
    };
  }

  private static JsonObject counters(Progress.Counters c) {
    return new JsonObject()
        .put("filesFound", c.filesFound()).put("bytesFound", c.bytesFound())
        .put("filesTotal", c.totalKnown() ? c.filesTotal() : null).put("bytesTotal", c.totalKnown() ? c.bytesTotal() : null)
        .put("filesDone", c.filesDone()).put("bytesDone", c.bytesDone())
        .put("filesUnchanged", c.filesUnchanged()).put("bytesUnchanged", c.bytesUnchanged())
        .put("bytesRead", c.bytesRead()).put("bytesNew", c.bytesNew())
        .put("chunksNew", c.chunksNew()).put("chunksDuplicate", c.chunksDuplicate())
        .put("directories", c.directories()).put("errors", c.errors()).put("walkDone", c.walkDone());
  }

  /** What the hashers of each node did: {@code {"<node id>": {files, bytes, bytesSent}, ...}}. */
  private static JsonObject workers(Progress p) {
    JsonObject workers = new JsonObject();
    if (p != null) {
      p.workers().forEach(w -> workers.put(w.node(),
          new JsonObject().put("files", w.files()).put("bytes", w.bytes()).put("bytesSent", w.bytesSent())));
    }
    return workers;
  }

  /** The throughput history as {@code [[elapsedMillis, bytesPerSecond], ...]}, compact for charts. */
  private static JsonArray history(Job job) {
    JsonArray points = new JsonArray();
    job.history().forEach(point -> points.add(new JsonArray().add(point.elapsedMillis()).add(point.bytesPerSecond())));
    return points;
  }

  private static JsonObject check(CheckReport r) {
    return new JsonObject().put("snapshots", r.snapshots()).put("packs", r.packs()).put("blobs", r.blobs())
        .put("packsRead", r.packsRead()).put("bytesRead", r.bytesRead()).put("problems", new JsonArray(r.problems()));
  }

  /** Snapshots kept, each with the rules keeping it, and removed (or, in a dry run, to be), oldest first. */
  private static JsonObject forget(ForgetReport r) {
    JsonArray kept = new JsonArray();
    for (Kept k : r.kept()) {
      kept.add(snapshot(k.snapshot()).put("reasons", new JsonArray(k.reasons())));
    }
    JsonArray removed = new JsonArray();
    r.removed().forEach(s -> removed.add(snapshot(s)));
    return new JsonObject().put("dryRun", r.dryRun()).put("kept", kept).put("removed", removed);
  }

  private static JsonObject snapshot(Snapshot s) {
    return new JsonObject().put("id", s.id().hex()).put("time", time(s.time())).put("host", s.host())
        .put("paths", new JsonArray(s.paths()));
  }

  /** Packs removed and repacked (or, in a dry run, to be), and the bytes of all packs before and after. */
  private static JsonObject prune(PruneReport r) {
    return new JsonObject().put("dryRun", r.dryRun()).put("snapshots", r.snapshots()).put("packs", r.packs())
        .put("removed", packs(r.removed())).put("repacked", packs(r.repacked()))
        .put("bytesBefore", r.packBytes()).put("bytesAfter", r.packBytesAfter())
        .put("bytesFreed", r.packBytes() - r.packBytesAfter());
  }

  private static JsonArray packs(List<PackUse> packs) {
    JsonArray array = new JsonArray();
    packs.forEach(p -> array.add(new JsonObject().put("pack", p.pack().hex()).put("bytes", p.bytes())
        .put("liveBytes", p.liveBytes())));
    return array;
  }

  private static String time(Instant t) {
    return t == null ? null : t.toString();
  }
}
