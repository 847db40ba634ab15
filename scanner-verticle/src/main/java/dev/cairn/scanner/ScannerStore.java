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
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.nio.ByteBuffer;
import java.util.List;

/** ScannerStore is what the scanner asks of the store: parameters, trees in and out, snapshots. */
final class ScannerStore {
  private static final DeliveryOptions REQUEST = new DeliveryOptions().setSendTimeout(120_000);

  private final EventBus bus;
  private final ContentHash hash = ContentHash.blake3();

  ScannerStore(EventBus bus) {
    this.bus = bus;
  }

  Future<Info> describe() {
    return bus.<Info>request(Addresses.STORE_DESCRIBE, new Describe(), REQUEST).map(Message::body);
  }

  /** Stores one directory's tree object and returns its id. */
  Future<ChunkId> putTree(List<Node> entries) {
    byte[] tree = TreeCodec.encode(entries);
    ChunkId id = hash.hash(tree);
    Blob blob = new Blob(BlobType.TREE, id, ByteBuffer.wrap(tree));
    return bus.request(Addresses.STORE_PUT, new Put(List.of(blob)), REQUEST).map(id);
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
    return bus.<Blob>request(Addresses.STORE_GET, new Get(BlobType.TREE, id), REQUEST)
        .map(m -> {
          Blob blob = m.body();
          if (blob.received() && !hash.hash(blob.data()).equals(id)) {
            throw new IllegalArgumentException("tree " + id.shortHex() + " arrived damaged");
          }
          return blob.bytes();
        });
  }

  Future<Snapshot> commit(Snapshot snapshot) {
    return bus.<Snapshot>request(Addresses.STORE_COMMIT, new Commit(snapshot), REQUEST).map(Message::body);
  }

  Future<List<Snapshot>> snapshots() {
    return bus.<SnapshotList>request(Addresses.STORE_SNAPSHOTS, new ListSnapshots(), REQUEST)
        .map(m -> m.body().snapshots());
  }

  /** Takes or, with {@code renew}, renews job {@code jobId}'s lease on the repository. */
  Future<Locked> lock(String jobId, boolean renew) {
    return bus.<Locked>request(Addresses.STORE_LOCK, new Lock(jobId, renew), REQUEST).map(Message::body);
  }

  Future<Void> unlock(String jobId) {
    return bus.request(Addresses.STORE_UNLOCK, new Unlock(jobId), REQUEST).mapEmpty();
  }

  Future<Snapshot> find(String ref) {
    return bus.<Snapshot>request(Addresses.STORE_SNAPSHOT, new FindSnapshot(ref), REQUEST).map(Message::body);
  }
}
