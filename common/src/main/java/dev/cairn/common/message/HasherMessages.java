package dev.cairn.common.message;

import dev.cairn.common.ChunkerParams;
import dev.cairn.common.tree.Node;
import dev.cairn.common.wire.WireIn;
import dev.cairn.common.wire.WireOut;
import java.util.List;

/** HasherMessages are the file work the scanner hands to hashers, and what comes back. */
public final class HasherMessages {
  private HasherMessages() {}

  /**
   * One file to read, or to write back.
   *
   * @param path the file's absolute path, as raw bytes
   * @param node the file's entry: metadata from the scan when backing up; the whole entry, chunks
   *     included, when restoring
   * @param device the device the scan found the file on, with {@code node.inode()} the identity a
   *     hasher checks the file it opens against; 0 when restoring
   */
  public record FileTask(byte[] path, Node node, long device) {
    /** A task with no device, as a restore sends. */
    public FileTask(byte[] path, Node node) {
      this(path, node, 0);
    }

    void write(WireOut out) {
      out.bytes(path);
      node.write(out);
      out.i64(device);
    }

    static FileTask read(WireIn in) {
      return new FileTask(in.bytes(), Node.read(in), in.i64());
    }
  }

  /**
   * Reads, chunks and stores the new chunks of every file in the batch, cutting with the
   * repository's {@code chunker}, into the repository {@code repositoryId} only (empty: whichever
   * store answers), compressing as {@code compression} says (empty: as the repository does by
   * default); answered with {@link Hashed}.
   */
  public record HashFiles(String jobId, String repositoryId, ChunkerParams chunker, String compression,
      List<FileTask> files) {
    public HashFiles {
      files = List.copyOf(files);
    }

    /** A batch compressed as its repository does by default. */
    public HashFiles(String jobId, String repositoryId, ChunkerParams chunker, List<FileTask> files) {
      this(jobId, repositoryId, chunker, "", files);
    }

    /** A batch for whichever store answers. */
    public HashFiles(String jobId, ChunkerParams chunker, List<FileTask> files) {
      this(jobId, "", chunker, files);
    }

    /** The bytes the batch will read, as the scan saw them. */
    public long bytes() {
      return files.stream().mapToLong(f -> f.node().size()).sum();
    }

    void write(WireOut out) {
      out.str(jobId).str(repositoryId).str(chunker.algorithm()).i32(chunker.minSize()).i32(chunker.avgSize())
          .i32(chunker.maxSize()).str(compression);
      out.list(files, (o, f) -> f.write(o));
    }

    static HashFiles read(WireIn in) {
      return new HashFiles(in.str(), in.str(), new ChunkerParams(in.str(), in.i32(), in.i32(), in.i32()), in.str(),
          in.list(FileTask::read));
    }
  }

  /**
   * The outcome of one file: its entry with content, or why it could not be read, or both when
   * what was read is kept despite a problem (the file kept changing while it was read).
   *
   * @param node the entry with its chunks; {@code null} when the file could not be read
   * @param error the reason, for the snapshot's error list; {@code null} on success
   * @param newBytes the bytes of this file's chunks that were new to the repository
   */
  public record FileResult(Node node, String error, long newBytes, int newBlobs) {
    void write(WireOut out) {
      out.bool(node != null);
      if (node != null) {
        node.write(out);
      }
      out.str(error).i64(newBytes).i32(newBlobs);
    }

    static FileResult read(WireIn in) {
      Node node = in.bool() ? Node.read(in) : null;
      return new FileResult(node, in.str(), in.i64(), in.i32());
    }
  }

  /**
   * Answers {@link HashFiles}: one result per file, in the order asked.
   *
   * @param node the id of the node whose hasher did the work
   * @param storeRemote whether that hasher's new chunks crossed the network to a store on another
   *     node (each file's {@code newBytes} then counts bytes sent over the bus)
   */
  public record Hashed(List<FileResult> results, String node, boolean storeRemote) {
    public Hashed {
      results = List.copyOf(results);
    }

    /** Results of a hasher in the store's own JVM, on a node with no name. */
    public Hashed(List<FileResult> results) {
      this(results, "", false);
    }

    void write(WireOut out) {
      out.list(results, (o, r) -> r.write(o)).str(node).bool(storeRemote);
    }

    static Hashed read(WireIn in) {
      return new Hashed(in.list(FileResult::read), in.str(), in.bool());
    }
  }

  /**
   * Writes every file of the batch from its chunks, read from the repository {@code repositoryId}
   * only (empty: whichever store answers); answered with {@link Restored}.
   *
   * @param numericOwner and {@code keepSetId} as in {@link ScannerMessages.Restore}
   */
  public record RestoreFiles(String jobId, String repositoryId, List<FileTask> files, boolean numericOwner,
      boolean keepSetId) {
    public RestoreFiles {
      files = List.copyOf(files);
    }

    /** A batch read from whichever store answers, restored with the default owner rules. */
    public RestoreFiles(String jobId, List<FileTask> files) {
      this(jobId, "", files, false, true);
    }

    void write(WireOut out) {
      out.str(jobId).str(repositoryId).list(files, (o, f) -> f.write(o)).bool(numericOwner).bool(keepSetId);
    }

    static RestoreFiles read(WireIn in) {
      return new RestoreFiles(in.str(), in.str(), in.list(FileTask::read), in.bool(), in.bool());
    }
  }

  /** Answers {@link RestoreFiles}: bytes written and one line per file that failed. */
  public record Restored(long files, long bytes, List<String> errors) {
    public Restored {
      errors = List.copyOf(errors);
    }

    void write(WireOut out) {
      out.i64(files).i64(bytes).list(errors, WireOut::str);
    }

    static Restored read(WireIn in) {
      return new Restored(in.i64(), in.i64(), in.list(WireIn::str));
    }
  }
}
