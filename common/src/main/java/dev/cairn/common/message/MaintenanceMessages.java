package dev.cairn.common.message;

import dev.cairn.common.ChunkId;
import dev.cairn.common.wire.WireIn;
import dev.cairn.common.wire.WireOut;
import java.util.List;

/**
 * MaintenanceMessages are the store's requests for looking after the repository: the leases jobs
 * hold while they run, {@code forget} and {@code prune} for removing old data safely, what the
 * repository holds ({@link Stats}), and their replies.
 *
 * <p>A <em>lease</em> is a job's shared lock on the repository: while any lease is held, prune
 * deletes nothing. A lease not renewed within the store's bound is stale and dropped.
 */
public final class MaintenanceMessages {
  private MaintenanceMessages() {}

  /**
   * Takes the shared lease of job {@code jobId} or, with {@code renew}, renews the one it holds;
   * answered with {@link Locked}. Renewing a lease the store dropped fails, so the job stops
   * before it commits anything a prune may have taken from under it.
   */
  public record Lock(String jobId, boolean renew) {
    void write(WireOut out) {
      out.str(jobId).bool(renew);
    }

    static Lock read(WireIn in) {
      return new Lock(in.str(), in.bool());
    }
  }

  /** Answers {@link Lock}: the lease is held, and is dropped unless renewed within {@code staleAfterMillis}. */
  public record Locked(String jobId, long staleAfterMillis) {
    void write(WireOut out) {
      out.str(jobId).i64(staleAfterMillis);
    }

    static Locked read(WireIn in) {
      return new Locked(in.str(), in.i64());
    }
  }

  /** Releases job {@code jobId}'s lease; answered with itself. Releasing a lease not held does nothing. */
  public record Unlock(String jobId) {
    void write(WireOut out) {
      out.str(jobId);
    }

    static Unlock read(WireIn in) {
      return new Unlock(in.str());
    }
  }

  /**
   * Retention rules: in each group of snapshots of one host over the same paths, keep the {@code
   * last} newest, and the newest of each of the last {@code daily} days, {@code weekly} ISO weeks
   * and {@code monthly} months that have snapshots. A snapshot any rule keeps stays.
   */
  public record KeepRules(int last, int daily, int weekly, int monthly) {
    public KeepRules {
      if (last < 0 || daily < 0 || weekly < 0 || monthly < 0) {
        throw new IllegalArgumentException("a keep rule cannot be negative");
      }
    }

    /** Whether no rule is given: such rules would keep nothing. */
    public boolean isEmpty() {
      return last + daily + weekly + monthly == 0;
    }

    void write(WireOut out) {
      out.i32(last).i32(daily).i32(weekly).i32(monthly);
    }

    static KeepRules read(WireIn in) {
      return new KeepRules(in.i32(), in.i32(), in.i32(), in.i32());
    }
  }

  /**
   * Removes the snapshots {@code rules} do not keep, days counted in time zone {@code zone};
   * with {@code dryRun}, only says which; answered with {@link ForgetReport}. Packs are untouched:
   * prune reclaims their space.
   */
  public record Forget(KeepRules rules, String zone, boolean dryRun) {
    void write(WireOut out) {
      rules.write(out);
      out.str(zone).bool(dryRun);
    }

    static Forget read(WireIn in) {
      return new Forget(KeepRules.read(in), in.str(), in.bool());
    }
  }

  /** A snapshot kept, and the rules that keep it ({@code "last"}, {@code "daily"}, ...). */
  public record Kept(Snapshot snapshot, List<String> reasons) {
    public Kept {
      reasons = List.copyOf(reasons);
    }

    void write(WireOut out) {
      snapshot.write(out);
      out.list(reasons, WireOut::str);
    }

    static Kept read(WireIn in) {
      return new Kept(Snapshot.read(in), in.list(WireIn::str));
    }
  }

  /** Answers {@link Forget}: the snapshots kept and removed (or, in a dry run, to be removed), oldest first. */
  public record ForgetReport(List<Kept> kept, List<Snapshot> removed, boolean dryRun) {
    public ForgetReport {
      kept = List.copyOf(kept);
      removed = List.copyOf(removed);
    }

    void write(WireOut out) {
      out.list(kept, (o, k) -> k.write(o)).list(removed, (o, s) -> s.write(o)).bool(dryRun);
    }

    static ForgetReport read(WireIn in) {
      return new ForgetReport(in.list(Kept::read), in.list(Snapshot::read), in.bool());
    }
  }

  /**
   * Deletes packs no snapshot needs and repacks those mostly unused; with {@code dryRun}, only says
   * what it would do; answered with {@link PruneReport}.
   */
  public record Prune(boolean dryRun) {
    void write(WireOut out) {
      out.bool(dryRun);
    }

    static Prune read(WireIn in) {
      return new Prune(in.bool());
    }
  }

  /** One pack prune removes or repacks: its size, and the bytes in it that snapshots still need. */
  public record PackUse(ChunkId pack, long bytes, long liveBytes) {
    void write(WireOut out) {
      out.id(pack).i64(bytes).i64(liveBytes);
    }

    static PackUse read(WireIn in) {
      return new PackUse(in.id(), in.i64(), in.i64());
    }
  }

  /**
   * Answers {@link Prune}.
   *
   * @param snapshots snapshots whose data was kept
   * @param packs packs before
   * @param packBytes their size
   * @param removed packs deleted (or to be) because nothing in them is needed
   * @param repacked packs whose needed blobs are (or would be) copied into new packs before they are deleted
   * @param packBytesAfter the size of the packs after: measured, or in a dry run estimated
   * @param dryRun whether nothing was changed
   */
  public record PruneReport(int snapshots, int packs, long packBytes, List<PackUse> removed, List<PackUse> repacked,
      long packBytesAfter, boolean dryRun) {
    public PruneReport {
      removed = List.copyOf(removed);
      repacked = List.copyOf(repacked);
    }

    void write(WireOut out) {
      out.i32(snapshots).i32(packs).i64(packBytes).list(removed, (o, p) -> p.write(o))
          .list(repacked, (o, p) -> p.write(o)).i64(packBytesAfter).bool(dryRun);
    }

    static PruneReport read(WireIn in) {
      return new PruneReport(in.i32(), in.i32(), in.i64(), in.list(PackUse::read), in.list(PackUse::read), in.i64(),
          in.bool());
    }
  }

  /** Asks what the repository holds; answered with {@link RepositoryStats}. */
  public record Stats() {
    void write(WireOut out) {}

    static Stats read(WireIn in) {
      return new Stats();
    }
  }

  /**
   * Answers {@link Stats}: what the repository holds and what it protects.
   *
   * @param packs pack files written
   * @param chunks data chunks stored
   * @param chunkBytes their size: the content stored once
   * @param trees directory trees stored
   * @param treeBytes their size
   * @param snapshots snapshots committed
   * @param logicalBytes the size of every file of every snapshot, counted once per snapshot: what
   *     a copy of each snapshot would take
   */
  public record RepositoryStats(long packs, long chunks, long chunkBytes, long trees, long treeBytes, long snapshots,
      long logicalBytes) {
    /** Logical bytes per stored byte; 0 for an empty repository. */
    public double dedupRatio() {
      long stored = chunkBytes + treeBytes;
      return stored == 0 ? 0 : (double) logicalBytes / stored;
    }

    void write(WireOut out) {
      out.i64(packs).i64(chunks).i64(chunkBytes).i64(trees).i64(treeBytes).i64(snapshots).i64(logicalBytes);
    }

    static RepositoryStats read(WireIn in) {
      return new RepositoryStats(in.i64(), in.i64(), in.i64(), in.i64(), in.i64(), in.i64(), in.i64());
    }
  }
}
