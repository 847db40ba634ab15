package dev.cairn.gateway.http;

import dev.cairn.common.Addresses;
import dev.cairn.common.ChunkId;
import dev.cairn.common.crypto.BlobCodec;
import dev.cairn.common.crypto.Keyring;
import dev.cairn.common.crypto.PasswordSource;
import dev.cairn.common.message.StoreMessages;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.message.StoreMessages.Blob;
import dev.cairn.common.message.StoreMessages.Describe;
import dev.cairn.common.message.StoreMessages.FindSnapshot;
import dev.cairn.common.message.StoreMessages.Get;
import dev.cairn.common.message.StoreMessages.Info;
import dev.cairn.common.message.StoreMessages.ListSnapshots;
import dev.cairn.common.message.MaintenanceMessages.RepositoryStats;
import dev.cairn.common.message.StoreMessages.SnapshotList;
import dev.cairn.common.message.MaintenanceMessages.Stats;
import dev.cairn.common.tree.Node;
import dev.cairn.common.tree.TreeCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * RepositoryClient is what the gateway asks the store: snapshots, trees, and what it holds. A tree
 * that arrives from another node is checked against its id, which an encrypted repository keys
 * with its master key: the gateway checks those only where its node can open the key (a store of
 * its own, or the password); a gateway-only node given no password reads them unchecked.
 */
final class RepositoryClient {
  private static final DeliveryOptions REQUEST = new DeliveryOptions().setSendTimeout(60_000);

  private final Vertx vertx;
  private final EventBus bus;
  private final Keyring keyring;
  /** By repository id: how its ids are made, or empty where this node cannot open its key. */
  private final Map<String, Future<Optional<BlobCodec>>> codecs = new ConcurrentHashMap<>();

  RepositoryClient(Vertx vertx, Keyring keyring) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.keyring = keyring;
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
    return bus.<Blob>request(Addresses.STORE_GET, new Get(BlobType.TREE, id), REQUEST).compose(m -> {
      Blob blob = m.body();
      if (!blob.received()) {
        return Future.succeededFuture(TreeCodec.decode(blob.bytes()));
      }
      return codec(m.headers().get(StoreMessages.REPOSITORY_HEADER)).map(codec -> {
        if (codec.isPresent() && !codec.get().id(blob.data().duplicate()).equals(id)) {
          throw new IllegalStateException("tree " + id.shortHex() + " arrived damaged");
        }
        return TreeCodec.decode(blob.bytes());
      });
    });
  }

  /** How the ids of repository {@code repositoryId} are made, unlocking its key once if need be. */
  private Future<Optional<BlobCodec>> codec(String repositoryId) {
    if (repositoryId == null) {
      return Future.succeededFuture(Optional.of(BlobCodec.PLAIN));
    }
    BlobCodec known = keyring.known(repositoryId);
    if (known != null) {
      return Future.succeededFuture(Optional.of(known));
    }
    return codecs.computeIfAbsent(repositoryId, id -> describe(REQUEST.getSendTimeout()).compose(info ->
        !info.encrypted() ? Future.succeededFuture(Optional.of(BlobCodec.PLAIN))
            // Deriving the key takes about half a second: never on the event loop.
            : vertx.executeBlocking(() -> {
              try {
                return Optional.of(keyring.codecFor(info));
              } catch (PasswordSource.MissingPassword e) {
                return Optional.<BlobCodec>empty();
              }
            })).onFailure(e -> codecs.remove(id)));
  }

  Future<RepositoryStats> stats() {
    return bus.<RepositoryStats>request(Addresses.STORE_STATS, new Stats(), REQUEST).map(Message::body);
  }

  Future<Info> describe(long timeoutMillis) {
    return bus.<Info>request(Addresses.STORE_DESCRIBE, new Describe(), new DeliveryOptions().setSendTimeout(timeoutMillis))
        .map(Message::body);
  }
}
