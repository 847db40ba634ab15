package dev.cairn.gateway.jobs;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** JobFeed tells followers of a job each new state of it, as the {@link JobRunner} records it. */
public final class JobFeed {
  private final Map<String, Set<Consumer<Job>>> byJob = new ConcurrentHashMap<>();
  private final List<Consumer<Job>> everyJob = new CopyOnWriteArrayList<>();

  /** Calls {@code follower} with each new state of job {@code id}; the returned action stops it. */
  public Runnable follow(String id, Consumer<Job> follower) {
    byJob.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(follower);
    return () -> byJob.computeIfPresent(id, (k, followers) -> {
      followers.remove(follower);
      return followers.isEmpty() ? null : followers;
    });
  }

  /** Calls {@code follower} with each new state of every job. */
  public void followAll(Consumer<Job> follower) {
    everyJob.add(follower);
  }

  void publish(Job job) {
    everyJob.forEach(f -> f.accept(job));
    Set<Consumer<Job>> followers = byJob.get(job.id());
    if (followers != null) {
      List.copyOf(followers).forEach(f -> f.accept(job));
    }
  }
}
