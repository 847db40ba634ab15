package dev.cairn.gateway.jobs;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** ForgedJobs writes job entries as an intruder on the Hazelcast port would: well-formed, but unsealed. */
public final class ForgedJobs {
  private ForgedJobs() {}

  /** A queued backup of {@code path} under {@code id}, in the job map's plain binary form. */
  public static Buffer backup(String id, String path) {
    JobRequest request = JobRequest.fromJson(new JsonObject().put("type", "backup").put("paths", new JsonArray().add(path)));
    return JobWire.encode(Job.queued(id, request, Instant.now()));
  }

  /** The name of the cluster-wide job map. */
  public static String map() {
    return ClusteredJobRegistry.MAP;
  }
}
