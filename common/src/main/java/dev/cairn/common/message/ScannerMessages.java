package dev.cairn.common.message;

import dev.cairn.common.tree.Node;
import dev.cairn.common.wire.WireIn;
import dev.cairn.common.wire.WireOut;
import java.util.List;

/**
 * ScannerMessages start and stop jobs: backup, restore, listing a snapshot, cancelling. Jobs report
 * their state as {@link Progress}.
 */
public final class ScannerMessages {
  private ScannerMessages() {}

  /**
   * Backs up {@code paths} (absolute) into a new snapshot; answered with the committed {@link Snapshot}.
   *
   * @param force read every file, even those the parent snapshot holds unchanged
   * @param shared whether every node sees the sources at the same paths, so hashers anywhere in
   *     the cluster may read them; otherwise only the hashers of the scanner's node do
   * @param compression how to compress this backup's new blobs ({@code off}, {@code auto}, {@code max},
   *     with a level); empty: as the repository does by default
   */
  public record Backup(String jobId, List<String> paths, String host, boolean force, boolean shared,
      String compression) {
    public Backup {
      paths = List.copyOf(paths);
    }

    /** A backup compressed as the repository does by default. */
    public Backup(String jobId, List<String> paths, String host, boolean force, boolean shared) {
      this(jobId, paths, host, force, shared, "");
    }

    /** A backup of sources that only the scanner's node sees. */
    public Backup(String jobId, List<String> paths, String host, boolean force) {
      this(jobId, paths, host, force, false);
    }

    /** An incremental backup: files unchanged since the parent snapshot are not read. */
    public Backup(String jobId, List<String> paths, String host) {
      this(jobId, paths, host, false, false);
    }

    void write(WireOut out) {
      out.str(jobId).list(paths, WireOut::str).str(host).bool(force).bool(shared).str(compression);
    }

    static Backup read(WireIn in) {
      return new Backup(in.str(), in.list(WireIn::str), in.str(), in.bool(), in.bool(), in.str());
    }
  }

  /**
   * Restores a snapshot under {@code target}; answered with {@link RestoreSummary}.
   *
   * @param include a path inside the snapshot to restore alone, or {@code null} for everything
   * @param numericOwner give entries back to their recorded user and group ids, never matching by name
   * @param keepSetId restore set-uid and set-gid bits (on entries given back to their owner);
   *     {@code false} strips them from every entry
   * @param trustTarget write into directories of the target that others could change; without it
   *     a restore refuses them, since a user who can change a directory on the way can redirect
   *     what the restore writes
   */
  public record Restore(String jobId, String snapshot, String target, String include, boolean numericOwner,
      boolean keepSetId, boolean trustTarget) {
    /** A restore that refuses directories on its way that others could change. */
    public Restore(String jobId, String snapshot, String target, String include, boolean numericOwner,
        boolean keepSetId) {
      this(jobId, snapshot, target, include, numericOwner, keepSetId, false);
    }

    /** A restore that matches owners by name and keeps set-id bits where the owner is given back. */
    public Restore(String jobId, String snapshot, String target, String include) {
      this(jobId, snapshot, target, include, false, true, false);
    }

    void write(WireOut out) {
      out.str(jobId).str(snapshot).str(target).str(include).bool(numericOwner).bool(keepSetId).bool(trustTarget);
    }

    static Restore read(WireIn in) {
      return new Restore(in.str(), in.str(), in.str(), in.str(), in.bool(), in.bool(), in.bool());
    }
  }

  public record RestoreSummary(String snapshot, long files, long directories, long bytes, List<String> errors) {
    public RestoreSummary {
      errors = List.copyOf(errors);
    }

    void write(WireOut out) {
      out.str(snapshot).i64(files).i64(directories).i64(bytes).list(errors, WireOut::str);
    }

    static RestoreSummary read(WireIn in) {
      return new RestoreSummary(in.str(), in.i64(), in.i64(), in.i64(), in.list(WireIn::str));
    }
  }

  /** Lists the entries of a snapshot at and below {@code path}; answered with {@link Listing}. */
  public record ListTree(String snapshot, String path) {
    void write(WireOut out) {
      out.str(snapshot).str(path);
    }

    static ListTree read(WireIn in) {
      return new ListTree(in.str(), in.str());
    }
  }

  /** One listed entry: its absolute path within the snapshot, as raw bytes, and its node. */
  public record ListedEntry(byte[] path, Node node) {
    void write(WireOut out) {
      out.bytes(path);
      node.write(out);
    }

    static ListedEntry read(WireIn in) {
      return new ListedEntry(in.bytes(), Node.read(in));
    }
  }

  /** Answers {@link ListTree}, in tree order. */
  public record Listing(String snapshot, List<ListedEntry> entries) {
    public Listing {
      entries = List.copyOf(entries);
    }

    void write(WireOut out) {
      out.str(snapshot).list(entries, (o, e) -> e.write(o));
    }

    static Listing read(WireIn in) {
      return new Listing(in.str(), in.list(ListedEntry::read));
    }
  }

  /** Asks the scanner to cancel a running job; answered with {@link CancelReply}. */
  public record Cancel(String jobId) {
    void write(WireOut out) {
      out.str(jobId);
    }

    static Cancel read(WireIn in) {
      return new Cancel(in.str());
    }
  }

  /**
   * Answers {@link Cancel}.
   *
   * @param stopping whether the job is stopping: its last progress event will then say {@code
   *     cancelled}. False for a job not running here, or a backup already committing its snapshot.
   */
  public record CancelReply(boolean stopping) {
    void write(WireOut out) {
      out.bool(stopping);
    }

    static CancelReply read(WireIn in) {
      return new CancelReply(in.bool());
    }
  }
}
