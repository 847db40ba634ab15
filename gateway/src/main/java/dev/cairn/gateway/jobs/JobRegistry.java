package dev.cairn.gateway.jobs;

import io.vertx.core.Future;
import java.util.List;

/**
 * JobRegistry keeps the jobs a gateway shows: the running ones and the recent ones that ended.
 *
 * <p>Its methods return futures so that an implementation may keep jobs in a cluster-wide map,
 * where every gateway of a cluster shows every job; {@link LocalJobRegistry} keeps them in this
 * JVM.
 */
public interface JobRegistry {
  /** Stores {@code job}, replacing any earlier state of it. */
  Future<Void> put(Job job);

  /** The job with this id, or {@code null} if none is kept. */
  Future<Job> get(String id);

  /** Every job kept, newest first. */
  Future<List<Job>> list();
}
