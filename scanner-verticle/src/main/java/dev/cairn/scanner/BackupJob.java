package dev.cairn.scanner;

import dev.cairn.common.Addresses;
import dev.cairn.common.AsyncLoop;
import dev.cairn.common.ChunkId;
import dev.cairn.common.ChunkerParams;
import dev.cairn.common.RawPaths;
import dev.cairn.common.message.HasherMessages.FileResult;
import dev.cairn.common.message.HasherMessages.FileTask;
import dev.cairn.common.message.HasherMessages.HashFiles;
import dev.cairn.common.message.HasherMessages.Hashed;
import dev.cairn.common.message.Progress;
import dev.cairn.common.message.ScannerMessages.Backup;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.message.StoreMessages.Info;
import dev.cairn.common.tree.Node;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;

/**
 * BackupJob walks the source paths, sends file batches to hashers, assembles directory trees
 * bottom-up as entries come back, and commits the snapshot once the root is done.
 *
 * <p>The walk never waits for a directory to finish: it goes on until the batch window is full,
 * and each directory's tree is stored when its last entry arrives. Sources are placed under the
 * root tree at their absolute location, so several sources never collide.
 *
 * <p>A cancelled backup stops walking, drops the batches not yet sent and commits nothing: what it
 * stored is chunks and trees no snapshot names, which the repository tolerates.
 */
final class BackupJob {
  private final Vertx vertx;
  /** The store, pinned to the repository the backup began with once it has described itself. */
  private ScannerStore store;
  private final Backup request;
  private final ScannerOptions options;
  private final JobCounters counters;
  private final Promise<Snapshot> result = Promise.promise();
  private final Instant started;
  private ParentSnapshot parentSnapshot;
  private Info repository;
  private BatchWindow<FileTask, Hashed> window;
  /** The store process the backup began with: chunks it said it holds may be gone if another answers the commit. */
  private String storeInstance;
  private List<String> sourcePaths;
  private JobLease lease;
  /** Read by the count on a worker thread, hence volatile; written on the event loop. */
  private volatile boolean cancelled;
  /** The directories being walked, innermost first. */
  private final Deque<OpenDirectory> open = new ArrayDeque<>();

  BackupJob(Vertx vertx, ScannerStore store, Backup request, ScannerOptions options, JobCounters counters) {
    this.vertx = vertx;
    this.store = store;
    this.request = request;
    this.options = options;
    this.counters = counters;
    this.started = options.clock().instant();
  }

  /**
   * Runs the backup, holding a lease on the repository from start to end so that no prune removes
   * a chunk it reuses; completes with the committed snapshot.
   */
  Future<Snapshot> run() {
    store.describe()
        .compose(info -> {
          repository = info;
          storeInstance = info.instance();
          return store.pinnedTo(info);
        })
        .compose(pinned -> {
          store = pinned;
          parentSnapshot = new ParentSnapshot(store);
          return JobLease.take(vertx, store, request.jobId());
        })
        .compose(taken -> {
          lease = taken;
          if (result.future().isComplete()) {
            taken.release(); // cancelled while the lease was being taken
          }
          return vertx.executeBlocking(() -> SourcePaths.resolveParents(request.paths()), false);
        })
        .compose(paths -> {
          sourcePaths = paths;
          Future<Snapshot> parent = store.snapshots()
              .map(all -> ParentSnapshot.choose(all, request.host(), paths).orElse(null));
          return Future.all(parent, options.hashers().count(request.shared()))
              .map(all -> {
                if (!cancelled) {
                  start(repository.chunker(), all.resultAt(0), all.resultAt(1));
                }
                return null;
              });
        })
        .onFailure(this::fail);
    // The lease goes before the answer, so that a command line that closes its node on the answer
    // has released it.
    return result.future().eventually(() -> lease == null ? Future.succeededFuture() : lease.release());
  }

  /**
   * Stops the backup: the walk ends at its next step, batches not yet sent are dropped, and nothing
   * is committed. The job then fails as cancelled (see {@link Cancellation}). Returns false once
   * the snapshot is being committed: it is too late then, and the backup ends as it would have.
   */
  boolean cancel() {
    if (cancelled) {
      return true;
    }
    if (result.future().isComplete() || Progress.COMMITTING.equals(counters.phase())) {
      return false;
    }
    cancelled = true;
    Cancellation.failWhenQuiet(vertx, window == null ? Future.succeededFuture() : window.abandon(), result);
    return true;
  }

  /** Fails the job, unless it was cancelled: a cancelled job ends once its work in flight is answered. */
  private void fail(Throwable e) {
    if (!cancelled) {
      result.tryFail(e);
    }
  }

  /**
   * Starts the walk. The parent snapshot's totals stand in for the total to expect; without a
   * parent, a metadata-only count of the sources provides it, since the walk itself is paced by
   * the hashers and meets the last file only near the end. With {@code --force} the parent gives
   * the estimate but not its chunk lists.
   */
  private void start(ChunkerParams chunker, Snapshot parent, int hashers) {
    if (hashers == 0) {
      throw new IllegalArgumentException(request.shared() ? "no hasher runs in the cluster"
          : "no hasher runs on the scanner's node, so it cannot read local sources; back up a shared source instead");
    }
    List<List<byte[]>> sources = SourcePaths.components(sourcePaths);
    window = newWindow(chunker, hashers);
    counters.watch(window);
    counters.enter(Progress.SCANNING);
    if (parent != null) {
      counters.estimate(parent.totals().files(), parent.totals().bytes());
    } else {
      vertx.executeBlocking(() -> TreeCount.count(sourcePaths, () -> cancelled || counters.walkDone()), false)
          .onSuccess(total -> counters.estimate(total.files(), total.bytes()));
    }
    ChunkId previousRoot = parent == null || request.force() ? null : parent.tree();
    DirectoryAssembly root = new DirectoryAssembly(entries -> putTree(entries)
        .compose(this::commit)
        .onSuccess(result::tryComplete)
        .onFailure(this::fail));
    visitSources(root, new byte[] {'/'}, sources, previousRoot)
        .compose(v -> AsyncLoop.repeat(this::step))
        .onSuccess(v -> {
          counters.walkFinished();
          counters.enter(Progress.HASHING);
          window.flush();
          root.listed();
        })
        .onFailure(this::fail);
  }

  /**
   * A window of batches for {@code hashers} instances: those of any node for a shared source, or
   * only those of this node.
   */
  private BatchWindow<FileTask, Hashed> newWindow(ChunkerParams chunker, int hashers) {
    String address = request.shared() ? Addresses.HASHER_FILES : Addresses.hasherFilesOn(options.nodeId());
    ScannerOptions sized = options.withBatchesInFlight(Math.max(options.batchesInFlight(), 2 * hashers));
    // A batch is hashed again if its hasher seems gone: hashing twice stores nothing twice.
    return BatchWindow.toHashers(vertx, sized, sized.batchTimeout(), address,
        files -> new HashFiles(request.jobId(), repository.repositoryId(), chunker, request.compression(), files),
        this::fail);
  }

  private Future<Snapshot> commit(ChunkId tree) {
    if (cancelled) {
      return Future.failedFuture(Cancellation.failure());
    }
    counters.enter(Progress.COMMITTING);
    Snapshot.Totals totals = counters.totals();
    Snapshot snapshot = new Snapshot(null, started, request.host(), sourcePaths, tree, totals, counters.errors(),
        counters.skipped());
    return lease.renew().compose(v -> store.commit(snapshot, storeInstance));
  }

  /** Places every source under {@code parent}, building the directories on the way from their real metadata. */
  private Future<Void> visitSources(DirectoryAssembly parent, byte[] parentPath, List<List<byte[]>> sources,
      ChunkId previousTree) {
    if (cancelled) {
      return Future.failedFuture(Cancellation.failure());
    }
    if (sources.size() == 1 && sources.get(0).isEmpty()) {
      return walkInto(parent, RawPaths.path(parentPath), previousTree, false);
    }
    return parentSnapshot.entries(previousTree).compose(previous ->
        Loop.forEach(SourcePaths.groupByFirst(sources), group -> {
          byte[] path = RawPaths.join(parentPath, group.name());
          Node before = ParentSnapshot.find(previous, group.name());
          return vertx.executeBlocking(() -> FileSystemScan.stat(RawPaths.path(path), group.name()), false)
              .compose(entry -> {
                if (group.isSource() || entry.node() == null || entry.node().kind() != Node.Kind.DIRECTORY) {
                  return visit(entry, parent, before);
                }
                parent.expect();
                counters.directoryFound();
                DirectoryAssembly dir = assemble(entry, parent);
                return visitSources(dir, path, group.rest(), ParentSnapshot.subtree(before)).onSuccess(v -> dir.listed());
              });
        }));
  }

  /**
   * Takes one scanned entry into {@code parent}, given what the parent snapshot had under its name;
   * completes when the walk may go on.
   */
  private Future<Void> visit(ScannedEntry entry, DirectoryAssembly parent, Node before) {
    if (cancelled) {
      return Future.failedFuture(Cancellation.failure());
    }
    if (entry.special()) {
      counters.skipped(RawPaths.printable(entry.path()), entry.problem());
      return Future.succeededFuture();
    }
    if (entry.node() == null) {
      counters.error(RawPaths.printable(entry.path()), entry.problem());
      return Future.succeededFuture();
    }
    Node node = entry.node();
    parent.expect();
    switch (node.kind()) {
      case SYMLINK, FIFO, CHAR_DEVICE, BLOCK_DEVICE -> {
        parent.deliver(node);
        return Future.succeededFuture();
      }
      case DIRECTORY -> {
        counters.directoryFound();
        DirectoryAssembly dir = assemble(entry, parent);
        return walkInto(dir, RawPaths.path(entry.path()), ParentSnapshot.subtree(before), true);
      }
      default -> {
        counters.fileFound(node.size());
        if (ParentSnapshot.unchanged(before, node)) {
          counters.fileUnchanged(node.size());
          parent.deliver(node.withContent(before.size(), before.chunks()));
          return Future.succeededFuture();
        }
        return window.add(new FileTask(entry.path(), node, entry.device()), node.size(), (reply, i) -> fileDone(entry, reply, i, parent));
      }
    }
  }

  private void fileDone(ScannedEntry entry, Hashed reply, int index, DirectoryAssembly parent) {
    FileResult result = reply.results().get(index);
    if (result.error() != null) {
      counters.error(RawPaths.printable(entry.path()), result.error());
    }
    if (result.node() == null) {
      parent.deliver(null);
      return;
    }
    counters.fileHashed(reply.node(), result.node().size(), result.node().chunks().size(), result.newBlobs(),
        result.newBytes(), reply.storeRemote() ? result.newBytes() : 0);
    parent.deliver(result.node());
  }

  /** An assembly for directory {@code entry} that stores its tree and hands it to {@code parent}. */
  private DirectoryAssembly assemble(ScannedEntry entry, DirectoryAssembly parent) {
    return new DirectoryAssembly(entries -> putTree(entries)
        .onSuccess(tree -> parent.deliver(entry.node().withSubtree(tree)))
        .onFailure(this::fail));
  }

  /** Stores one directory's tree, counting it while it travels; a cancelled job stores no more. */
  private Future<ChunkId> putTree(List<Node> entries) {
    if (cancelled) {
      return Future.failedFuture(Cancellation.failure());
    }
    counters.treeSent();
    return store.putTree(entries).andThen(done -> counters.treeAnswered());
  }

  /**
   * Lists {@code dir} on a worker thread, reads the parent snapshot's tree for it at the same time,
   * and opens it for the walk; {@code listWhenDone} says whether its assembly is told once every
   * entry is visited (the root's is told by the walk's end instead).
   */
  private Future<Void> walkInto(DirectoryAssembly dir, Path path, ChunkId previousTree, boolean listWhenDone) {
    if (cancelled) {
      return Future.failedFuture(Cancellation.failure());
    }
    Future<List<ScannedEntry>> listing = vertx.executeBlocking(() -> FileSystemScan.list(path), false)
        .recover(e -> {
          counters.error(path.toString(), e instanceof java.io.IOException io ? FileSystemScan.describe(io) : e.toString());
          return Future.succeededFuture(List.of());
        });
    return Future.all(listing, parentSnapshot.entries(previousTree)).map(both -> {
      open.push(new OpenDirectory(dir, both.<List<ScannedEntry>>resultAt(0).iterator(), both.resultAt(1), listWhenDone));
      return null;
    });
  }

  /**
   * Visits one entry of the innermost directory being walked; a directory's own entries come next.
   * The walk keeps its directories on {@link #open}, not on the call stack, so a tree of any depth
   * is walked (see {@link AsyncLoop}).
   */
  private Future<Boolean> step() {
    if (cancelled) {
      return Future.failedFuture(Cancellation.failure());
    }
    OpenDirectory top = open.peek();
    if (top == null) {
      return Future.succeededFuture(false);
    }
    if (!top.entries().hasNext()) {
      open.pop();
      if (top.listWhenDone()) {
        top.assembly().listed();
      }
      window.flushIfIdle();
      return Future.succeededFuture(true);
    }
    ScannedEntry entry = top.entries().next();
    Node before = entry.node() == null ? null : ParentSnapshot.find(top.previous(), entry.node().name());
    return visit(entry, top.assembly(), before).map(true);
  }

  /** A directory being walked: its assembly, the entries not yet visited, and what the parent snapshot had in it. */
  private record OpenDirectory(DirectoryAssembly assembly, Iterator<ScannedEntry> entries, List<Node> previous,
      boolean listWhenDone) {}
}
