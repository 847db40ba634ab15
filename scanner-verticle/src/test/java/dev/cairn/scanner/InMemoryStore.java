package dev.cairn.scanner;

import dev.cairn.common.Addresses;
import dev.cairn.common.ChunkId;
import dev.cairn.common.ChunkerParams;
import dev.cairn.common.ContentHash;
import dev.cairn.common.Failures;
import dev.cairn.common.RawPaths;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.Codecs;
import dev.cairn.common.message.MaintenanceMessages.Lock;
import dev.cairn.common.message.MaintenanceMessages.Locked;
import dev.cairn.common.message.MaintenanceMessages.Unlock;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.message.StoreMessages;
import dev.cairn.common.message.StoreMessages.Blob;
import dev.cairn.common.message.StoreMessages.Commit;
import dev.cairn.common.message.StoreMessages.FindSnapshot;
import dev.cairn.common.message.StoreMessages.Get;
import dev.cairn.common.message.StoreMessages.Has;
import dev.cairn.common.message.StoreMessages.HasReply;
import dev.cairn.common.message.StoreMessages.Info;
import dev.cairn.common.message.StoreMessages.ListSnapshots;
import dev.cairn.common.message.StoreMessages.SnapshotList;
import dev.cairn.common.message.StoreMessages.Put;
import dev.cairn.common.message.StoreMessages.StoredBlob;
import dev.cairn.common.message.StoreMessages.PutReply;
import dev.cairn.common.tree.Node;
import dev.cairn.common.tree.TreeCodec;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * InMemoryStore answers every store request the scanner makes from maps: blobs by id, and the
 * snapshots committed, in order. Tests read the trees it holds to see what a backup recorded.
 */
final class InMemoryStore extends VerticleBase {
  static final ChunkerParams CHUNKER = ChunkerParams.of(2 << 10, 8 << 10, 64 << 10);

  private final Map<ChunkId, byte[]> blobs = new ConcurrentHashMap<>();
  private final Map<ChunkId, BlobType> types = new ConcurrentHashMap<>();
  private final List<Snapshot> snapshots = new CopyOnWriteArrayList<>();
  /** Jobs holding a lease now, and every lease request, in order. */
  final Set<String> leases = ConcurrentHashMap.newKeySet();
  final List<Lock> lockRequests = new CopyOnWriteArrayList<>();
  /** Whether lease requests are refused, as while a prune deletes. */
  volatile boolean refuseLeases;

  @Override
  public Future<?> start() {
    Codecs.register(vertx);
    EventBus bus = vertx.eventBus();
    return Future.all(List.of(
        bus.consumer(Addresses.STORE_DESCRIBE, m -> answer(m, new Info("in-memory", 1, CHUNKER, "blake3-256", "in-memory-1")))
            .completion(),
        bus.<Has>consumer(Addresses.STORE_HAS, m -> {
          List<ChunkId> ids = m.body().ids();
          boolean[] known = new boolean[ids.size()];
          for (int i = 0; i < known.length; i++) {
            known[i] = blobs.containsKey(ids.get(i));
          }
          answer(m, new HasReply(known));
        }).completion(),
        bus.<Put>consumer(Addresses.STORE_PUT, m -> {
          int stored = 0;
          long bytes = 0;
          for (StoredBlob blob : m.body().blobs()) {
            byte[] content = new byte[blob.length()];
            blob.stored().duplicate().get(content);
            if (blobs.putIfAbsent(blob.id(), content) == null) {
              types.put(blob.id(), blob.type());
              stored++;
              bytes += blob.length();
            }
          }
          answer(m, new PutReply(stored, bytes));
        }).completion(),
        bus.<Get>consumer(Addresses.STORE_GET, m -> {
          ChunkId id = m.body().id();
          if (!blobs.containsKey(id) || types.get(id) != m.body().type()) {
            m.fail(Failures.NOT_FOUND, "no " + m.body().type() + " blob " + id.shortHex());
            return;
          }
          answer(m, new Blob(m.body().type(), id, ByteBuffer.wrap(blobs.get(id).clone())));
        }).completion(),
        bus.<Commit>consumer(Addresses.STORE_COMMIT, m -> {
          Snapshot snapshot = m.body().snapshot();
          byte[] json = snapshot.toJson().encode().getBytes(StandardCharsets.UTF_8);
          Snapshot committed = snapshot.withId(ContentHash.blake3().hash(json));
          snapshots.add(committed);
          answer(m, committed);
        }).completion(),
        bus.<FindSnapshot>consumer(Addresses.STORE_SNAPSHOT, m -> {
          String ref = m.body().ref();
          List<Snapshot> found = ref.equals("latest")
              ? snapshots.subList(Math.max(0, snapshots.size() - 1), snapshots.size())
              : snapshots.stream().filter(s -> s.id().hex().startsWith(ref)).toList();
          if (found.size() == 1) {
            answer(m, found.get(0));
          } else {
            m.fail(found.isEmpty() ? Failures.NOT_FOUND : Failures.CONFLICT, "no single snapshot " + ref);
          }
        }).completion(),
        bus.<ListSnapshots>consumer(Addresses.STORE_SNAPSHOTS, m -> answer(m, new SnapshotList(snapshots))).completion(),
        bus.<Lock>consumer(Addresses.STORE_LOCK, m -> {
          if (refuseLeases) {
            m.fail(Failures.CONFLICT, "a prune is removing unused data from the repository");
            return;
          }
          lockRequests.add(m.body());
          leases.add(m.body().jobId());
          answer(m, new Locked(m.body().jobId(), 120_000));
        }).completion(),
        bus.<Unlock>consumer(Addresses.STORE_UNLOCK, m -> {
          leases.remove(m.body().jobId());
          answer(m, m.body());
        }).completion()));
  }

  /** Stores {@code data} as a blob of {@code type}; returns its id. */
  ChunkId add(BlobType type, byte[] data) {
    ChunkId id = ContentHash.blake3().hash(data);
    if (blobs.putIfAbsent(id, data.clone()) == null) {
      types.put(id, type);
    }
    return id;
  }

  /** Whether {@code id} is stored. */
  boolean has(ChunkId id) {
    return blobs.containsKey(id);
  }

  /** The bytes stored under {@code id}. */
  byte[] get(ChunkId id) {
    return blobs.get(id).clone();
  }

  /** The snapshots committed so far, oldest first. */
  List<Snapshot> snapshots() {
    return List.copyOf(snapshots);
  }

  /** The entries of tree object {@code tree}, decoded. */
  List<Node> entries(ChunkId tree) {
    if (types.get(tree) != BlobType.TREE) {
      throw new AssertionError("no tree object " + tree.shortHex());
    }
    return TreeCodec.decode(blobs.get(tree));
  }

  /** The entry at absolute {@code path} below root tree {@code root}. */
  Node at(ChunkId root, Path path) {
    ChunkId tree = root;
    Node found = null;
    for (Path name : path) {
      byte[] raw = RawPaths.bytes(name);
      found = entries(tree).stream().filter(n -> Arrays.equals(n.name(), raw)).findFirst()
          .orElseThrow(() -> new AssertionError("no entry " + name + " on the way to " + path));
      tree = found.subtree();
    }
    return found;
  }

  /** Answers {@code m} as a store does: naming the repository the answer comes from. */
  private static void answer(Message<?> m, Object body) {
    m.reply(body, new DeliveryOptions().addHeader(StoreMessages.REPOSITORY_HEADER, "in-memory"));
  }
}
