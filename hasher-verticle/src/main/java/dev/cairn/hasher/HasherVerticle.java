package dev.cairn.hasher;

import dev.cairn.common.Addresses;
import dev.cairn.common.crypto.BlobCodec;
import dev.cairn.common.crypto.Compression;
import dev.cairn.common.crypto.Keyring;
import dev.cairn.common.crypto.PasswordSource;
import dev.cairn.common.crypto.WrongPassword;
import dev.cairn.common.message.Codecs;
import dev.cairn.common.message.HasherMessages.HashFiles;
import dev.cairn.common.message.HasherMessages.Hashed;
import dev.cairn.common.message.HasherMessages.RestoreFiles;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import dev.cairn.common.Failures;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

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
  private static final Logger LOG = Logger.getLogger(HasherVerticle.class.getName());
  /** Bytes read per arena fill, beyond the carried-over tail of a file. */
  static final int READ_SIZE = 8 << 20;

  private final ChunkHashPool hashPool = ChunkHashPool.shared();
  /**
   * Batches an instance works on at once: one is read and hashed while the other waits for the
   * store. Round-robin delivery can hand one instance more than its share of the sender's window;
   * those wait here, without an arena, so each instance holds at most this many arenas.
   */
  static final int BATCHES_AT_ONCE = 2;

  /** Arenas not in use; a batch takes one and gives it back. */
  private final Deque<byte[]> arenas = new ArrayDeque<>();
  /** Buffers that new blobs of an encrypted repository were sealed in, as {@link #arenas}. */
  private final Deque<byte[]> sealArenas = new ArrayDeque<>();
  private final String nodeId;
  private final boolean storeRemote;
  private final Keyring keyring;
  /** Batches delivered while {@link #BATCHES_AT_ONCE} were being worked on. */
  private final Deque<Message<HashFiles>> waiting = new ArrayDeque<>();
  private int working;
  private StoreClient store;

  /**
   * A hasher on node {@code nodeId}; {@code storeRemote} says that the store runs on another node,
   * so the chunks this hasher puts cross the network. It seals chunks with the codecs of {@code
   * keyring}, which unlocks a repository that no store of this node has opened.
   */
  public HasherVerticle(String nodeId, boolean storeRemote, Keyring keyring) {
    this.nodeId = nodeId;
    this.storeRemote = storeRemote;
    this.keyring = keyring;
  }

  /** A hasher beside the store, on a node with no name, for plain-text repositories and its node's store's. */
  public HasherVerticle() {
    this("", false, Keyring.withoutPassword());
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
    StoreClient pinned = store.pinnedTo(batch.repositoryId());
    byte[][] arena = new byte[1][];
    BatchBackup[] backup = new BatchBackup[1];
    Future<Hashed> done = codec(pinned, batch.repositoryId()).compose(codec -> {
      try {
        arena[0] = takeArena(READ_SIZE + 2 * batch.chunker().maxSize());
        BlobCodec forBatch = batch.compression().isEmpty() ? codec : codec.withCompression(Compression.parse(batch.compression()));
        byte[] sealArena = codec.encrypted() ? takeSealArena() : new byte[0];
        backup[0] = new BatchBackup(batch, pinned, hashPool, forBatch, arena[0], sealArena);
        return backup[0].run().map(hashed -> new Hashed(hashed.results(), nodeId, storeRemote));
      } catch (RuntimeException | OutOfMemoryError e) {
        // Answer even when the heap is exhausted: a batch never answered would hold its job forever.
        LOG.log(Level.WARNING, "a batch of " + batch.files().size() + " files failed on node " + nodeId, e);
        return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, Failures.INTERNAL, e.toString()));
      }
    });
    // A failed batch's arena is dropped: a put that timed out may still sit in the store's queue
    // as a view of it, and must not see it refilled.
    return done.onSuccess(r -> {
      arenas.push(arena[0]);
      if (backup[0].sealArena().length > 0) {
        sealArenas.push(backup[0].sealArena());
      }
    })
        .onSuccess(message::reply)
        .onFailure(e -> fail(message, "hashing failed", e));
  }

  /**
   * The codec of repository {@code repositoryId}: the one this node knows, or one unlocked from the
   * key files the store hands out, with this node's password.
   */
  private Future<BlobCodec> codec(StoreClient pinned, String repositoryId) {
    BlobCodec known = keyring.known(repositoryId);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return pinned.describe().compose(info -> vertx.executeBlocking(() -> {
      try {
        return keyring.codecFor(info);
      } catch (PasswordSource.MissingPassword | WrongPassword e) {
        throw new ReplyException(ReplyFailure.RECIPIENT_FAILURE, Failures.UNAUTHORIZED,
            "hasher on node " + nodeId + ": " + e.getMessage());
      }
    }, false));
  }

  /**
   * Answers a batch that failed, saying {@code what} failed and why. A failure with a code keeps it,
   * so the scanner can tell why (the store's own was logged by the store); anything else is a
   * defect of this hasher, logged here with its stack trace and answered as internal.
   */
  private void fail(Message<?> message, String what, Throwable e) {
    if (e instanceof ReplyException re && re.failureCode() > 0) {
      message.fail(re.failureCode(), what + ": " + Failures.describe(re));
    } else {
      LOG.log(Level.WARNING, what + " on node " + nodeId, e);
      message.fail(Failures.INTERNAL, what + ": " + Failures.describe(e));
    }
  }

  /** A buffer to seal blobs in; a batch grows it to what its fills need. */
  private byte[] takeSealArena() {
    byte[] sealArena = sealArenas.poll();
    return sealArena != null ? sealArena : new byte[0];
  }

  private byte[] takeArena(int size) {
    byte[] arena = arenas.poll();
    return arena != null && arena.length >= size ? arena : new byte[size];
  }

  private void restoreFiles(Message<RestoreFiles> message) {
    StoreClient pinned = store.pinnedTo(message.body().repositoryId());
    codec(pinned, message.body().repositoryId())
        .compose(codec -> new BatchRestore(message.body(), pinned, codec.newIdHash()).run())
        .onSuccess(message::reply)
        .onFailure(e -> fail(message, "restore failed", e));
  }
}
