package dev.cairn.gateway.jobs;

import dev.cairn.common.Addresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * JobFeed tells followers of a job each new state of it, as the {@link JobRunner} records it. In a
 * cluster, it also tells the feeds of the other gateways, and passes on what theirs tell it, so a
 * gateway can stream a job that another gateway runs.
 */
public final class JobFeed {
  private static final String ORIGIN = "origin";

  private final Map<String, Set<Consumer<Job>>> byJob = new ConcurrentHashMap<>();
  private final List<Consumer<Job>> everyJob = new CopyOnWriteArrayList<>();
  private EventBus bus;
  private DeliveryOptions fromHere;

  /** Calls {@code follower} with each new state of job {@code id}; the returned action stops it. */
  public Runnable follow(String id, Consumer<Job> follower) {
    byJob.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(follower);
    return () -> byJob.computeIfPresent(id, (k, followers) -> {
      followers.remove(follower);
      return followers.isEmpty() ? null : followers;
    });
  }

  /** Calls {@code follower} with each new state of every job this gateway runs. */
  public void followAll(Consumer<Job> follower) {
    everyJob.add(follower);
  }

  /**
   * Shares this feed with the gateways of every other node on {@code bus}: each state recorded
   * here is published to them, and each one they publish is passed to this feed's followers.
   * {@code nodeId} tells this gateway's own states apart. Completes once the feed listens.
   */
  public Future<Void> share(EventBus bus, String nodeId) {
    this.bus = bus;
    this.fromHere = new DeliveryOptions().addHeader(ORIGIN, nodeId);
    return bus.<Job>consumer(Addresses.GATEWAY_JOBS, m -> {
      if (!nodeId.equals(m.headers().get(ORIGIN))) {
        tellFollowersOf(m.body());
      }
    }).completion();
  }

  void publish(Job job) {
    everyJob.forEach(f -> f.accept(job));
    tellFollowersOf(job);
    if (bus != null) {
      bus.publish(Addresses.GATEWAY_JOBS, job, fromHere);
    }
  }

  /**
   * Tells the followers of a job another gateway started, here and on the other gateways, of a new
   * state this gateway found for it; followers of every job this gateway runs are left out.
   */
  void relay(Job job) {
    tellFollowersOf(job);
    if (bus != null) {
      bus.publish(Addresses.GATEWAY_JOBS, job, fromHere);
    }
  }

  private void tellFollowersOf(Job job) {
    Set<Consumer<Job>> followers = byJob.get(job.id());
    if (followers != null) {
      List.copyOf(followers).forEach(f -> f.accept(job));
    }
  }
}
