package dev.cairn.gateway.jobs;

import dev.cairn.gateway.jobs.JobRequest.BackupRequest;
import dev.cairn.gateway.jobs.JobRequest.ForgetRequest;
import dev.cairn.gateway.jobs.JobRequest.PruneRequest;
import dev.cairn.gateway.jobs.JobRequest.RestoreRequest;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * JobConflicts says which jobs may not run beside each other: two backups of the same paths, two
 * restores into one target, a restore or backup inside the target of a running restore, two
 * forgets or two prunes.
 */
final class JobConflicts {
  private JobConflicts() {}

  /** Refuses {@code request} if it would clash with one of the {@code active} jobs, queued or running. */
  static void refuse(JobRequest request, Collection<Job> active) {
    for (Job job : active) {
      if (request instanceof BackupRequest b && job.request() instanceof BackupRequest other
          && new TreeSet<>(b.paths()).equals(new TreeSet<>(other.paths()))) {
        throw new JobRefusal(409, "job_conflict", "job " + job.id() + " already backs up these paths ("
            + job.state().wire() + ")");
      }
      if (request instanceof RestoreRequest r && job.request() instanceof RestoreRequest other
          && r.target().equals(other.target())) {
        throw new JobRefusal(409, "job_conflict", "job " + job.id() + " already restores into " + r.target()
            + " (" + job.state().wire() + ")");
      }
      if (job.request() instanceof RestoreRequest other) {
        refuseInside(request, other.target(), job);
      }
      if ((request instanceof ForgetRequest || request instanceof PruneRequest)
          && job.request().getClass() == request.getClass()) {
        throw new JobRefusal(409, "job_conflict", "job " + job.id() + " is a " + request.type() + " already ("
            + job.state().wire() + "); wait for it to end");
      }
    }
  }

  /**
   * Refuses a restore whose target nests with the target of {@code restoring}'s, or a backup of a
   * path under it: that restore may be writing links there, which the paths were checked before.
   */
  private static void refuseInside(JobRequest request, String target, Job restoring) {
    Path written = Path.of(target);
    List<String> paths = request instanceof BackupRequest b ? b.paths()
        : request instanceof RestoreRequest r ? List.of(r.target()) : List.of();
    for (String path : paths) {
      Path p = Path.of(path);
      if (p.startsWith(written) || request instanceof RestoreRequest && written.startsWith(p)) {
        throw new JobRefusal(409, "job_conflict", "job " + restoring.id() + " is restoring into " + target
            + ", which " + path + " " + (p.startsWith(written) ? "lies under" : "holds") + " ("
            + restoring.state().wire() + "); wait for it to end");
      }
    }
  }
}
