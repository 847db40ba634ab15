package dev.cairn.gateway.jobs;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LocalJobRegistry keeps jobs in this JVM: every job that has not ended, and the {@code
 * keepEnded} that ended last. Older ended jobs are forgotten, so a gateway that runs for months
 * holds a bounded number of jobs.
 */
public final class LocalJobRegistry implements JobRegistry {
  private final int keepEnded;
  /** Jobs by id, in the order they were created. */
  private final Map<String, Job> jobs = new LinkedHashMap<>();
  private int ended;

  public LocalJobRegistry(int keepEnded) {
    this.keepEnded = keepEnded;
  }

  @Override
  public synchronized Future<Void> put(Job job) {
    Job before = jobs.put(job.id(), job);
    if (job.state().terminal() && (before == null || !before.state().terminal())) {
      ended++;
    }
    for (Iterator<Job> it = jobs.values().iterator(); ended > keepEnded && it.hasNext(); ) {
      if (it.next().state().terminal()) {
        it.remove();
        ended--;
      }
    }
    return Future.succeededFuture();
  }

  @Override
  public synchronized Future<Job> get(String id) {
    return Future.succeededFuture(jobs.get(id));
  }

  @Override
  public synchronized Future<List<Job>> list() {
    List<Job> newestFirst = new ArrayList<>(jobs.values());
    Collections.reverse(newestFirst);
    return Future.succeededFuture(newestFirst);
  }
}
