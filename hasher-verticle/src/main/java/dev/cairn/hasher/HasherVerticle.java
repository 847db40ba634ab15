package dev.cairn.hasher;

import dev.cairn.common.Addresses;
import dev.cairn.common.ContentHash;
import dev.cairn.common.message.Codecs;
import dev.cairn.common.message.HasherMessages.HashFiles;
import dev.cairn.common.message.HasherMessages.Hashed;
import dev.cairn.common.message.HasherMessages.RestoreFiles;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import dev.cairn.common.Failures;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * HasherVerticle does the file-content work of backups and restores on {@code cairn.hasher.*}.
 *
 * <p>Deploy it as {@code WORKER} instances, one per core, on a worker pool of its own: reading,
 * hashing and writing block, and each instance works one file at a time. Files of a batch are done
 * in order, so a batch holds at most one piece of file content in memory. An instance works on at
 * most {@link #BATCHES_AT_ONCE} batches, each with its arena; how many more wait for it is bounded
 * by the sender's window.
 *
 * <p>It takes batches on the cluster-wide addresses and on its own node's, so a job can choose
 * between every hasher of a cluster and those of one node.
 */
public final class HasherVerticle extends VerticleBase {
  /** Bytes read per arena fill, beyond the carried-over tail of a file. */
  static final int READ_SIZE = 8 << 20;

  private final ContentHash hash = ContentHash.blake3();
  private final ChunkHashPool hashPool = ChunkHashPool.shared();
  /**
   * Batches an instance works on at once: one is read and hashed while the other waits for the
   * store. Round-robin delivery can hand one instance more than its share of the sender's window;
   * those wait here, without an arena, so each instance holds at most this many arenas.
   */
  static final int BATCHES_AT_ONCE = 2;

  /** Arenas not in use; a batch takes one and gives it back. */
  private final Deque<byte[]> arenas = new ArrayDeque<>();
  private final String nodeId;
  private final boolean storeRemote;
  /** Batches delivered while {@link #BATCHES_AT_ONCE} were being worked on. */
  private final Deque<Message<HashFiles>> waiting = new ArrayDeque<>();
  private int working;
  private StoreClient store;

  /**
   * A hasher on node {@code nodeId}; {@code storeRemote} says that the store runs on another node,
   * so the chunks this hasher puts cross the network.
   */
  public HasherVerticle(String nodeId, boolean storeRemote) {
    this.nodeId = nodeId;
    this.storeRemote = storeRemote;
  }

  /** A hasher beside the store, on a node with no name. */
  public HasherVerticle() {
    this("", false);
  }

  @Override
  public Future<?> start() {
    Codecs.register(vertx);
    store = new StoreClient(vertx, storeRemote);
    MessageConsumer<HashFiles> files = vertx.eventBus().consumer(Addresses.HASHER_FILES, this::hashFiles);
    MessageConsumer<HashFiles> local = vertx.eventBus().consumer(Addresses.hasherFilesOn(nodeId), this::hashFiles);
    MessageConsumer<RestoreFiles> restores = vertx.eventBus().consumer(Addresses.HASHER_RESTORE, this::restoreFiles);
    MessageConsumer<RestoreFiles> localRestores =
        vertx.eventBus().consumer(Addresses.hasherRestoreOn(nodeId), this::restoreFiles);
    return Future.all(files.completion(), local.completion(), restores.completion(), localRestores.completion());
  }

  private void hashFiles(Message<HashFiles> message) {
    if (working >= BATCHES_AT_ONCE) {
      waiting.add(message);
      return;
    }
    working++;
    hashBatch(message).onComplete(done -> {
      working--;
      Message<HashFiles> next = waiting.poll();
      if (next != null) {
        hashFiles(next);
      }
    });
  }

  /** Backs up one batch and answers it; completes once it is answered. */
  private Future<?> hashBatch(Message<HashFiles> message) {
    HashFiles batch = message.body();
    byte[] arena;
    Future<Hashed> done;
    try {
      arena = takeArena(READ_SIZE + 2 * batch.chunker().maxSize());
      done = new BatchBackup(batch, store.pinnedTo(batch.repositoryId()), hashPool, arena).run()
          .map(hashed -> new Hashed(hashed.results(), nodeId, storeRemote));
    } catch (RuntimeException | OutOfMemoryError e) {
      // Answer even when the heap is exhausted: a batch never answered would hold its job forever.
      message.fail(Failures.INTERNAL, "hashing failed: " + e);
      return Future.succeededFuture();
    }
    // A failed batch's arena is dropped: a put that timed out may still sit in the store's queue
    // as a view of it, and must not see it refilled.
    return done.onSuccess(r -> arenas.push(arena))
        .onSuccess(message::reply)
        .onFailure(e -> message.fail(failureCode(e), "hashing failed: " + e.getMessage()));
  }

  /** The code a failed batch is answered with: the store's own when it gave one, so the scanner can tell why. */
  private static int failureCode(Throwable e) {
    return e instanceof ReplyException re && re.failureCode() > 0 ? re.failureCode() : Failures.INTERNAL;
  }

  private byte[] takeArena(int size) {
    byte[] arena = arenas.poll();
    return arena != null && arena.length >= size ? arena : new byte[size];
  }

  private void restoreFiles(Message<RestoreFiles> message) {
    new BatchRestore(message.body(), store.pinnedTo(message.body().repositoryId()), hash).run()
        .onSuccess(message::reply)
        .onFailure(e -> message.fail(failureCode(e), "restore failed: " + e.getMessage()));
  }
}
