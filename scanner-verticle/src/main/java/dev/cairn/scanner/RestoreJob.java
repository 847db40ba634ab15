package dev.cairn.scanner;

import dev.cairn.common.Addresses;
import dev.cairn.common.AsyncLoop;
import dev.cairn.common.ChunkId;
import dev.cairn.common.Failures;
import dev.cairn.common.RawPaths;
import dev.cairn.common.TerminalText;
import dev.cairn.common.message.HasherMessages.FileTask;
import dev.cairn.common.message.HasherMessages.RestoreFiles;
import dev.cairn.common.message.HasherMessages.Restored;
import dev.cairn.common.message.Progress;
import dev.cairn.common.message.ScannerMessages.Restore;
import dev.cairn.common.message.ScannerMessages.RestoreSummary;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.posix.Ownership;
import dev.cairn.common.tree.Node;
import dev.cairn.common.tree.TreeCodec;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * RestoreJob walks a snapshot's trees and rebuilds them under the target: it makes directories and
 * links itself, sends files to hashers in batches, and puts each directory's metadata back once
 * everything inside it is written.
 *
 * <p>An entry of the snapshot at {@code /a/b} is restored at {@code TARGET/a/b}. Entry names are
 * checked when trees are decoded: an entry whose name could leave its directory is refused and
 * named in the errors, and the others are restored, so nothing is ever written outside the target.
 * A link found in the target where a directory goes is replaced, never followed.
 *
 * <p>Files recorded as hard links of one another come back as hard links: the first of a group the
 * walk meets is written by a hasher, the others are linked to it once it is written.
 *
 * <p>A cancelled restore stops walking and drops the batches not yet sent; what it already wrote
 * stays.
 */
final class RestoreJob {
  private final Vertx vertx;
  /** The store, pinned to the repository the restore began with once it has described itself. */
  private ScannerStore store;
  private String repositoryId = "";
  private final Restore request;
  private final Ownership.Rules rules;
  private final ScannerOptions options;
  private final JobCounters counters;
  private final Promise<RestoreSummary> result = Promise.promise();
  private JobLease lease;
  private BatchWindow<FileTask, Restored> window;
  private Snapshot snapshot;
  private boolean cancelled;
  /** The directories being walked, innermost first. */
  private final Deque<OpenDirectory> open = new ArrayDeque<>();
  /** Hard link groups met so far, by device and inode. */
  private final Map<String, LinkGroup> linkGroups = new HashMap<>();
  /** The target with the links on its way resolved, once checked; every path written is under it. */
  private Path target;

  /**
   * A directory being walked: its path, the entries not yet restored, and the assembly that puts
   * its metadata back once they are written; the start of the walk has no metadata of its own.
   */
  private record OpenDirectory(byte[] path, Iterator<Node> entries, DirectoryAssembly assembly, boolean root) {}

  /** The first path written of a group of hard links, and the other names waiting for it. */
  private static final class LinkGroup {
    final Path first;
    boolean written;
    final List<Runnable> waiting = new ArrayList<>();

    LinkGroup(Path first) {
      this.first = first;
    }
  }

  RestoreJob(Vertx vertx, ScannerStore store, Restore request, ScannerOptions options, JobCounters counters) {
    this.vertx = vertx;
    this.store = store;
    this.request = request;
    this.rules = new Ownership.Rules(request.numericOwner(), request.keepSetId());
    this.options = options;
    this.counters = counters;
  }

  /**
   * Runs the restore, holding a lease on the repository so that no prune removes a pack it reads;
   * completes with what was written and what could not be.
   */
  Future<RestoreSummary> run() {
    Path asked = Path.of(request.target()).toAbsolutePath().normalize();
    // The scanner's own node writes the files: the target is a path on it.
    // Never sent twice: two writers of one file would race, and the hashers are on this very node.
    window = BatchWindow.toHashers(vertx, options, options.batchTimeout().once(),
        Addresses.hasherRestoreOn(options.nodeId()),
        files -> new RestoreFiles(request.jobId(), repositoryId, files, request.numericOwner(), request.keepSetId()),
        this::fail);
    counters.watch(window);
    store.describe()
        .compose(info -> {
          repositoryId = info.repositoryId();
          return store.pinnedTo(info);
        })
        .compose(pinned -> {
          store = pinned;
          return JobLease.take(vertx, store, request.jobId());
        })
        .compose(taken -> {
          lease = taken;
          if (result.future().isComplete()) {
            taken.release(); // cancelled while the lease was being taken
          }
          return blocking(() -> {
            if (Files.exists(asked, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(asked, LinkOption.NOFOLLOW_LINKS)) {
              throw new ReplyException(ReplyFailure.RECIPIENT_FAILURE, Failures.BAD_INPUT,
                  "target " + asked + " exists and is not a directory");
            }
            return null;
          });
        })
        .compose(v -> localHashers())
        .compose(v -> store.find(request.snapshot()))
        .compose(found -> {
          snapshot = found;
          if (request.include() == null) {
            counters.estimate(found.totals().files(), found.totals().bytes());
          }
          return SnapshotPaths.locate(store, found.tree(), request.include());
        })
        .compose(start -> blocking(() -> {
          // Before anything is written: the directories on the way must be safe to write through.
          try {
            target = SafeDirectories.prepareTarget(asked, request.trustTarget());
          } catch (SafeDirectories.UnsafeDirectoryException e) {
            throw new ReplyException(ReplyFailure.RECIPIENT_FAILURE, Failures.BAD_INPUT, e.getMessage());
          }
          TargetTree.parents(target, relative(start.path()), request.trustTarget());
          return start;
        }))
        .onSuccess(start -> {
          if (cancelled) {
            return;
          }
          counters.enter(Progress.RESTORING);
          DirectoryAssembly root = new DirectoryAssembly(entries -> result.tryComplete(summary()));
          Future<?> first = start.node() == null
              ? enter(start.tree(), RawPaths.bytes(target), root, true)
              : restoreEntry(start.node(), RawPaths.join(RawPaths.bytes(target), relative(start.path())), root);
          first.compose(v -> AsyncLoop.repeat(this::step)).onSuccess(v -> {
            counters.walkFinished();
            counters.enter(Progress.WRITING);
            window.flush();
            root.listed();
          }).onFailure(this::fail);
        })
        .onFailure(this::fail);
    // The lease goes before the answer, as a backup's does.
    return result.future().eventually(() -> lease == null ? Future.succeededFuture() : lease.release());
  }

  /** Fails unless the scanner's node runs hashers: they write the files, to a target on this node. */
  private Future<Void> localHashers() {
    return options.hashers().count(false).compose(local -> local > 0 ? Future.succeededFuture()
        : Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, Failures.BAD_INPUT,
            "no hasher runs on the scanner's node, which writes the restored files")));
  }

  /**
   * Stops the restore: the walk ends at its next step and batches not yet sent are dropped. The
   * job then fails as cancelled (see {@link Cancellation}).
   */
  boolean cancel() {
    if (!cancelled && !result.future().isComplete()) {
      cancelled = true;
      Cancellation.failWhenQuiet(vertx, window.abandon(), result);
    }
    return cancelled;
  }

  /** Fails the job, unless it was cancelled: a cancelled job ends once its work in flight is answered. */
  private void fail(Throwable e) {
    if (!cancelled) {
      result.tryFail(e);
    }
  }

  private RestoreSummary summary() {
    return new RestoreSummary(snapshot.id().hex(), counters.filesDone(), counters.directories(), counters.bytesDone(),
        counters.errors());
  }

  /**
   * Restores one entry of the innermost directory being walked; a directory's own entries come
   * next, before its siblings. The walk keeps its directories on {@link #open}, not on the call
   * stack, so a snapshot of any depth is walked (see {@link AsyncLoop}).
   */
  private Future<Boolean> step() {
    if (cancelled) {
      return Future.failedFuture(Cancellation.failure());
    }
    OpenDirectory dir = open.peek();
    if (dir == null) {
      return Future.succeededFuture(false);
    }
    if (!dir.entries().hasNext()) {
      open.pop();
      if (!dir.root()) {
        dir.assembly().listed();
      }
      return Future.succeededFuture(true);
    }
    Node node = dir.entries().next();
    return restoreEntry(node, RawPaths.join(dir.path(), node.name()), dir.assembly()).map(true);
  }

  /** Reads tree {@code tree} and opens it for the walk, as the content of directory {@code dir}. */
  private Future<Void> enter(ChunkId tree, byte[] dir, DirectoryAssembly assembly, boolean root) {
    return store.readTree(tree)
        .recover(e -> {
          counters.error(RawPaths.printable(dir), "cannot read its tree: " + e.getMessage());
          return Future.succeededFuture(new TreeCodec.Decoded(List.of(), List.of()));
        })
        .map(decoded -> {
          for (byte[] name : decoded.refused()) {
            counters.error(RawPaths.printable(dir), "refused the entry " + quoted(name)
                + ": a name must not be empty, '.' or '..', nor contain '/' or NUL");
          }
          open.push(new OpenDirectory(dir, decoded.entries().iterator(), assembly, root));
          return null;
        });
  }

  /**
   * Restores a file that has other hard links: the first of its group goes to a hasher like any
   * file, the others are linked to it once it is written.
   */
  private Future<Void> restoreHardLink(Node node, byte[] path, DirectoryAssembly parent) {
    String key = node.device() + ":" + node.inode();
    LinkGroup group = linkGroups.get(key);
    if (group == null) {
      LinkGroup first = new LinkGroup(RawPaths.path(path));
      linkGroups.put(key, first);
      return restoreFile(node, path, parent, () -> {
        first.written = true;
        first.waiting.forEach(Runnable::run);
        first.waiting.clear();
      });
    }
    counters.fileFound(node.size());
    Runnable link = () -> io(() -> TargetTree.hardLink(RawPaths.path(path), group.first))
        .onSuccess(v -> counters.fileLinked(node.size()))
        .recover(e -> failed(path, e))
        .onComplete(v -> parent.deliver(null));
    if (group.written) {
      link.run();
    } else {
      group.waiting.add(link);
    }
    return Future.succeededFuture();
  }

  /** Sends a file to the hashers; {@code written} runs once its batch is answered. */
  private Future<Void> restoreFile(Node node, byte[] path, DirectoryAssembly parent, Runnable written) {
    counters.fileFound(node.size());
    return window.add(new FileTask(path, node), node.size(), (reply, i) -> {
      if (i == 0) {
        counters.filesRestored(reply.files(), reply.bytes());
        reply.errors().forEach(counters::error);
      }
      written.run();
      parent.deliver(null);
    });
  }

  private Future<Void> restoreEntry(Node node, byte[] path, DirectoryAssembly parent) {
    if (cancelled) {
      return Future.failedFuture(Cancellation.failure());
    }
    parent.expect();
    Path file = RawPaths.path(path);
    switch (node.kind()) {
      case FILE -> {
        return node.hardLinked() ? restoreHardLink(node, path, parent) : restoreFile(node, path, parent, () -> { });
      }
      case SYMLINK -> {
        return io(() -> TargetTree.symlink(file, node, rules))
            .recover(e -> failed(path, e))
            .onComplete(v -> parent.deliver(null));
      }
      case FIFO, CHAR_DEVICE, BLOCK_DEVICE -> {
        return io(() -> TargetTree.special(file, node, rules))
            .recover(e -> failed(path, e))
            .onComplete(v -> parent.deliver(null));
      }
      default -> {
        DirectoryAssembly dir = new DirectoryAssembly(entries -> io(() -> TargetTree.finishDirectory(file, node, rules))
            .recover(e -> failed(path, e))
            .onComplete(v -> parent.deliver(null)));
        return io(() -> TargetTree.directory(file, request.trustTarget()))
            .compose(v -> {
              counters.directoryFound();
              return enter(node.subtree(), path, dir, false);
            })
            .recover(e -> Cancellation.is(e) ? Future.failedFuture(e)
                : failed(path, e).onComplete(v -> parent.deliver(null)));
      }
    }
  }

  private Future<Void> failed(byte[] path, Throwable e) {
    counters.error(RawPaths.printable(path), e instanceof IOException io ? FileSystemScan.describe(io) : e.getMessage());
    return Future.succeededFuture();
  }

  private <T> Future<T> blocking(Callable<T> work) {
    return vertx.executeBlocking(work, false);
  }

  private Future<Void> io(IoAction action) {
    return blocking(() -> {
      action.run();
      return null;
    });
  }

  /** A filesystem change made on a worker thread. */
  private interface IoAction {
    void run() throws IOException;
  }

  /** A name as a user can read it in an error: quoted, escaped as {@link TerminalText} escapes it. */
  static String quoted(byte[] name) {
    return "'" + TerminalText.escape(name) + "'";
  }

  /** The snapshot path without its leading slash, as raw bytes. */
  private static byte[] relative(byte[] snapshotPath) {
    int skip = snapshotPath.length > 0 && snapshotPath[0] == '/' ? 1 : 0;
    return java.util.Arrays.copyOfRange(snapshotPath, skip, snapshotPath.length);
  }
}
