package dev.cairn.gateway.jobs;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.shareddata.AsyncMap;
import java.util.Comparator;
import java.util.List;

/**
 * ClusteredJobRegistry keeps jobs in a cluster-wide map, so every gateway of a cluster lists and
 * shows every job, whichever gateway runs it. Jobs are kept in their binary form ({@link JobWire}).
 *
 * <p>Like {@link LocalJobRegistry} it keeps every job that has not ended and the {@code keepEnded}
 * that ended last: listing forgets the older ended ones.
 */
public final class ClusteredJobRegistry implements JobRegistry {
  /** The cluster-wide map of jobs by id. */
  static final String MAP = "cairn.jobs";
  private static final Comparator<Job> NEWEST_FIRST = Comparator.comparing(Job::created).reversed();

  private final Vertx vertx;
  private final int keepEnded;

  public ClusteredJobRegistry(Vertx vertx, int keepEnded) {
    this.vertx = vertx;
    this.keepEnded = keepEnded;
  }

  @Override
  public Future<Void> put(Job job) {
    return map().compose(m -> m.put(job.id(), JobWire.encode(job)));
  }

  @Override
  public Future<Job> get(String id) {
    return map().compose(m -> m.get(id)).map(b -> b == null ? null : JobWire.decode(b));
  }

  @Override
  public Future<List<Job>> list() {
    return map().compose(m -> m.values().compose(values -> {
      List<Job> jobs = values.stream().map(JobWire::decode).sorted(NEWEST_FIRST).toList();
      List<Job> ended = jobs.stream().filter(j -> j.state().terminal()).toList();
      List<Job> forgotten = ended.subList(Math.min(keepEnded, ended.size()), ended.size());
      return Future.all(forgotten.stream().map(j -> m.remove(j.id())).toList())
          .map(v -> jobs.stream().filter(j -> !forgotten.contains(j)).toList());
    }));
  }

  private Future<AsyncMap<String, Buffer>> map() {
    return vertx.sharedData().getAsyncMap(MAP);
  }
}
