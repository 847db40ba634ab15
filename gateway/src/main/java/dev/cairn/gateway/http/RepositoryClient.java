package dev.cairn.gateway.http;

import dev.cairn.common.Addresses;
import dev.cairn.common.ChunkId;
import dev.cairn.common.ContentHash;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.message.StoreMessages.Blob;
import dev.cairn.common.message.StoreMessages.Describe;
import dev.cairn.common.message.StoreMessages.FindSnapshot;
import dev.cairn.common.message.StoreMessages.Get;
import dev.cairn.common.message.StoreMessages.Info;
import dev.cairn.common.message.StoreMessages.ListSnapshots;
import dev.cairn.common.message.StoreMessages.RepositoryStats;
import dev.cairn.common.message.StoreMessages.SnapshotList;
import dev.cairn.common.message.StoreMessages.Stats;
import dev.cairn.common.tree.Node;
import dev.cairn.common.tree.TreeCodec;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.util.List;

/** RepositoryClient is what the gateway asks the store: snapshots, trees, and what it holds. */
final class RepositoryClient {
  private static final DeliveryOptions REQUEST = new DeliveryOptions().setSendTimeout(60_000);

  private final EventBus bus;
  private final ContentHash hash = ContentHash.blake3();

  RepositoryClient(EventBus bus) {
    this.bus = bus;
  }

  Future<Snapshot> find(String ref) {
    return bus.<Snapshot>request(Addresses.STORE_SNAPSHOT, new FindSnapshot(ref), REQUEST).map(Message::body);
  }

  Future<List<Snapshot>> snapshots() {
    return listing().map(SnapshotList::snapshots);
  }

  /** The readable snapshots, and a line naming each snapshot file left out as damaged. */
  Future<SnapshotList> listing() {
    return bus.<SnapshotList>request(Addresses.STORE_SNAPSHOTS, new ListSnapshots(), REQUEST).map(Message::body);
  }

  /** Reads one directory's entries; a tree that arrived from another node is verified first. */
  Future<List<Node>> tree(ChunkId id) {
    return bus.<Blob>request(Addresses.STORE_GET, new Get(BlobType.TREE, id), REQUEST).map(m -> {
      Blob blob = m.body();
      if (blob.received() && !hash.hash(blob.data()).equals(id)) {
        throw new IllegalStateException("tree " + id.shortHex() + " arrived damaged");
      }
      return TreeCodec.decode(blob.bytes());
    });
  }

  Future<RepositoryStats> stats() {
    return bus.<RepositoryStats>request(Addresses.STORE_STATS, new Stats(), REQUEST).map(Message::body);
  }

  Future<Info> describe(long timeoutMillis) {
    return bus.<Info>request(Addresses.STORE_DESCRIBE, new Describe(), new DeliveryOptions().setSendTimeout(timeoutMillis))
        .map(Message::body);
  }
}
