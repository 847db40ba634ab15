package dev.cairn.scanner;

import dev.cairn.common.Addresses;
import dev.cairn.common.ChunkId;
import dev.cairn.common.ContentHash;
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
import dev.cairn.common.tree.Node;
import dev.cairn.common.tree.TreeCodec;
import dev.cairn.common.pressure.StorePatience;
import dev.cairn.common.pressure.StoreRequests;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * ScannerStore is what the scanner asks of the store: parameters, trees in and out, snapshots.
 * Requests that fail for a reason a later try may fix are retried ({@link StoreRequests}).
 */
final class ScannerStore {
  private final StoreRequests requests;
  private final ContentHash hash = ContentHash.blake3();

  ScannerStore(Vertx vertx, StorePatience patience) {
    this(new StoreRequests(vertx, patience));
  }

  private ScannerStore(StoreRequests requests) {
    this.requests = requests;
  }

  /** This store, accepting answers from stores of repository {@code repositoryId} only: a job's own. */
  ScannerStore pinnedTo(String repositoryId) {
    return new ScannerStore(requests.pinnedTo(repositoryId));
  }

  Future<Info> describe() {
    return requests.<Info>request(Addresses.STORE_DESCRIBE, new Describe());
  }

  /** Stores one directory's tree object and returns its id. */
  Future<ChunkId> putTree(List<Node> entries) {
    byte[] tree = TreeCodec.encode(entries);
    ChunkId id = hash.hash(tree);
    Blob blob = new Blob(BlobType.TREE, id, ByteBuffer.wrap(tree));
    return requests.<Object>request(Addresses.STORE_PUT, new Put(List.of(blob))).map(id);
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
