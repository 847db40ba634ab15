package dev.cairn.scanner;

import dev.cairn.common.Addresses;
import dev.cairn.common.ChunkId;
import dev.cairn.common.ContentHash;
import dev.cairn.common.Failures;
import dev.cairn.common.crypto.BlobCodec;
import dev.cairn.common.crypto.Keyring;
import dev.cairn.common.crypto.PasswordSource;
import dev.cairn.common.crypto.WrongPassword;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.MaintenanceMessages.Lock;
import dev.cairn.common.message.MaintenanceMessages.Locked;
import dev.cairn.common.message.MaintenanceMessages.Unlock;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.message.StoreMessages.Blob;
import dev.cairn.common.message.StoreMessages.Commit;
import dev.cairn.common.message.StoreMessages.Describe;
import dev.cairn.common.message.StoreMessages.FindSnapshot;
import dev.cairn.common.message.StoreMessages.Get;
import dev.cairn.common.message.StoreMessages.Info;
import dev.cairn.common.message.StoreMessages.ListSnapshots;
import dev.cairn.common.message.StoreMessages.SnapshotList;
import dev.cairn.common.message.StoreMessages.Put;
import dev.cairn.common.message.StoreMessages.StoredBlob;
import dev.cairn.common.tree.Node;
import dev.cairn.common.tree.TreeCodec;
import dev.cairn.common.pressure.StorePatience;
import dev.cairn.common.pressure.StoreRequests;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * ScannerStore is what the scanner asks of the store: parameters, trees in and out, snapshots.
 * Requests that fail for a reason a later try may fix are retried ({@link StoreRequests}).
 *
 * <p>Trees go in sealed and come back checked with the repository's codec, which a store pinned to
 * one repository ({@link #pinnedTo}) has. Used from one event loop: its hash is not shared.
 */
final class ScannerStore {
  private final Vertx vertx;
  private final StoreRequests requests;
  private final Keyring keyring;
  private final BlobCodec codec;
  private final ContentHash hash;

  ScannerStore(Vertx vertx, StorePatience patience, Keyring keyring) {
    this(vertx, new StoreRequests(vertx, patience), keyring, BlobCodec.PLAIN);
  }

  private ScannerStore(Vertx vertx, StoreRequests requests, Keyring keyring, BlobCodec codec) {
    this.vertx = vertx;
    this.requests = requests;
    this.keyring = keyring;
    this.codec = codec;
    this.hash = codec.newIdHash();
  }

  /**
   * This store, accepting answers from stores of the repository {@code info} describes only (a job's
   * own), with that repository's codec: the node's, or one unlocked with the node's password.
   */
  Future<ScannerStore> pinnedTo(Info info) {
    StoreRequests pinned = requests.pinnedTo(info.repositoryId());
    return vertx.executeBlocking(() -> {
      try {
        return new ScannerStore(vertx, pinned, keyring, keyring.codecFor(info));
      } catch (PasswordSource.MissingPassword | WrongPassword e) {
        throw new ReplyException(ReplyFailure.RECIPIENT_FAILURE, Failures.UNAUTHORIZED, e.getMessage());
      }
    }, false);
  }

  /** This store pinned to whichever repository the store serves, as {@link #pinnedTo(Info)}. */
  Future<ScannerStore> pinned() {
    return describe().compose(this::pinnedTo);
  }

  Future<Info> describe() {
    return requests.<Info>request(Addresses.STORE_DESCRIBE, new Describe());
  }

  /**
   * Stores one directory's tree object, sealed, and returns its id. The tree is encoded, hashed and
   * sealed on a worker: a directory of a million entries is some 100 MB to hash, which must not
   * hold the event loop.
   */
  Future<ChunkId> putTree(List<Node> entries) {
    return vertx.executeBlocking(() -> {
      byte[] tree = TreeCodec.encode(entries);
      ChunkId id = codec.id(ByteBuffer.wrap(tree));
      return new StoredBlob(BlobType.TREE, id, codec.seal(BlobType.TREE, id, ByteBuffer.wrap(tree), null), tree.length);
    }, false).compose(blob -> requests.<Object>request(Addresses.STORE_PUT, new Put(List.of(blob))).map(blob.id()));
  }

  /** Reads one tree object; a malformed or unsafe tree fails with {@link IllegalArgumentException}. */
  Future<List<Node>> getTree(ChunkId id) {
    return treeBytes(id).map(TreeCodec::decode);
  }

  /**
   * Reads one tree object for a restore: entries with unsafe names are set apart, not written; a
   * malformed tree fails with {@link IllegalArgumentException}.
   */
  Future<TreeCodec.Decoded> readTree(ChunkId id) {
    return treeBytes(id).map(TreeCodec::decodeSafe);
  }

  private Future<byte[]> treeBytes(ChunkId id) {
    return requests.<Blob>request(Addresses.STORE_GET, new Get(BlobType.TREE, id))
        .map(blob -> {
          if (blob.received() && !hash.hash(blob.data()).equals(id)) {
            throw new IllegalArgumentException("tree " + id.shortHex() + " arrived damaged");
          }
          return blob.bytes();
        });
  }

  /**
   * Commits {@code snapshot} of a backup that began with the store process {@code storeInstance};
   * a store that has restarted since checks the snapshot's tree before it writes it.
   */
  Future<Snapshot> commit(Snapshot snapshot, String storeInstance) {
    return requests.<Snapshot>request(Addresses.STORE_COMMIT, new Commit(snapshot, storeInstance));
  }

  Future<List<Snapshot>> snapshots() {
    return requests.<SnapshotList>request(Addresses.STORE_SNAPSHOTS, new ListSnapshots())
        .map(SnapshotList::snapshots);
  }

  /** Takes or, with {@code renew}, renews job {@code jobId}'s lease on the repository. */
  Future<Locked> lock(String jobId, boolean renew) {
    return requests.<Locked>request(Addresses.STORE_LOCK, new Lock(jobId, renew));
  }

  Future<Void> unlock(String jobId) {
    return requests.request(Addresses.STORE_UNLOCK, new Unlock(jobId)).mapEmpty();
  }

  Future<Snapshot> find(String ref) {
    return requests.<Snapshot>request(Addresses.STORE_SNAPSHOT, new FindSnapshot(ref));
  }
}
