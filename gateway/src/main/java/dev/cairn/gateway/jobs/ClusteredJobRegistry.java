package dev.cairn.gateway.jobs;

import dev.cairn.gateway.cluster.ClusterSecret;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.shareddata.AsyncMap;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * ClusteredJobRegistry keeps jobs in a cluster-wide map, so every gateway of a cluster lists and
 * shows every job, whichever gateway runs it. Jobs are kept in their binary form ({@link JobWire}),
 * sealed with the cluster secret: Hazelcast admits anyone who reaches its port, so a value must
 * tell such a reader no source path or target, and a value an intruder wrote or altered fails to
 * open and is neither shown nor acted upon. A cluster run with --insecure keeps them in clear.
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
  private final ClusterSecret secret;

  public ClusteredJobRegistry(Vertx vertx, int keepEnded) {
    this.vertx = vertx;
    this.keepEnded = keepEnded;
    this.secret = ClusterSecret.of(vertx).orElse(null);
  }

  @Override
  public Future<Void> put(Job job) {
    Buffer plain = JobWire.encode(job);
    return map().compose(m -> m.put(job.id(), secret == null ? plain
        : Buffer.buffer(secret.seal(plain.getBytes(), context(job.id())))));
  }

  @Override
  public Future<Job> get(String id) {
    return map().compose(m -> m.get(id)).map(b -> b == null ? null : open(id, b).orElse(null));
  }

  @Override
  public Future<List<Job>> list() {
    return map().compose(m -> m.entries().compose(entries -> {
      List<Job> jobs = entries.entrySet().stream().map(e -> open(e.getKey(), e.getValue()))
          .flatMap(Optional::stream).sorted(NEWEST_FIRST).toList();
      List<Job> ended = jobs.stream().filter(j -> j.state().terminal()).toList();
      List<Job> forgotten = ended.subList(Math.min(keepEnded, ended.size()), ended.size());
      return Future.all(forgotten.stream().map(j -> m.remove(j.id())).toList())
          .map(v -> jobs.stream().filter(j -> !forgotten.contains(j)).toList());
    }));
  }

  /** The job in {@code value}, kept under {@code id}; empty for a value this cluster did not write. */
  private Optional<Job> open(String id, Buffer value) {
    if (secret == null) {
      return Optional.of(JobWire.decode(value));
    }
    // Sealed under its own id, so a genuine value copied under another id fails to open too.
    return secret.open(value.getBytes(), context(id)).map(plain -> JobWire.decode(Buffer.buffer(plain)))
        .filter(job -> job.id().equals(id));
  }

  private static String context(String id) {
    return MAP + "/" + id;
  }

  private Future<AsyncMap<String, Buffer>> map() {
    return vertx.sharedData().getAsyncMap(MAP);
  }
}
