package dev.cairn.hasher;

import dev.cairn.common.Addresses;
import dev.cairn.common.ChunkId;
import dev.cairn.common.ChunkerParams;
import dev.cairn.common.ContentHash;
import dev.cairn.common.Failures;
import dev.cairn.common.message.Codecs;
import dev.cairn.common.message.StoreMessages.Blob;
import dev.cairn.common.message.StoreMessages.Get;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.StoreMessages.Blobs;
import dev.cairn.common.message.StoreMessages.GetMany;
import dev.cairn.common.message.StoreMessages.Has;
import dev.cairn.common.message.StoreMessages.HasReply;
import dev.cairn.common.message.StoreMessages.Describe;
import dev.cairn.common.message.StoreMessages.Info;
import dev.cairn.common.message.StoreMessages.Put;
import dev.cairn.common.ChunkerParams;
import dev.cairn.common.message.StoreMessages.StoredBlob;
import dev.cairn.common.message.StoreMessages.PutReply;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * InMemoryStore answers the store requests a hasher makes ({@code has}, {@code put}, {@code get})
 * from a map, and counts what it was sent. It can be told to hand out a chunk damaged.
 */
final class InMemoryStore extends VerticleBase {
  private final Map<ChunkId, byte[]> blobs = new ConcurrentHashMap<>();
  private final Set<ChunkId> damaged = ConcurrentHashMap.newKeySet();
  private final AtomicInteger blobsSent = new AtomicInteger();

  /** Deploys a new store on {@code vertx}'s event bus. */
  static Future<InMemoryStore> deploy(Vertx vertx) {
    InMemoryStore store = new InMemoryStore();
    return vertx.deployVerticle(store).map(id -> store);
  }

  @Override
  public Future<?> start() {
    Codecs.register(vertx);
    EventBus bus = vertx.eventBus();
    return Future.all(
        bus.<Describe>consumer(Addresses.STORE_DESCRIBE,
            m -> m.reply(new Info("in-memory", 1, ChunkerParams.defaults(), "blake3-256", "in-memory-1"))).completion(),
        bus.<Has>consumer(Addresses.STORE_HAS, m -> {
          List<ChunkId> ids = m.body().ids();
          boolean[] known = new boolean[ids.size()];
          for (int i = 0; i < known.length; i++) {
            known[i] = blobs.containsKey(ids.get(i));
          }
          m.reply(new HasReply(known));
        }).completion(),
        bus.<Put>consumer(Addresses.STORE_PUT, m -> {
          int stored = 0;
          long bytes = 0;
          for (StoredBlob blob : m.body().blobs()) {
            blobsSent.incrementAndGet();
            byte[] content = new byte[blob.length()];
            blob.stored().duplicate().get(content);
            if (blobs.putIfAbsent(blob.id(), content) == null) {
              stored++;
              bytes += blob.length();
            }
          }
          m.reply(new PutReply(stored, bytes));
        }).completion(),
        bus.<Get>consumer(Addresses.STORE_GET, m -> {
          Blob blob = serve(m.body().id());
          if (blob == null) {
            m.fail(Failures.NOT_FOUND, "no blob " + m.body().id().shortHex());
          } else {
            m.reply(blob);
          }
        }).completion(),
        bus.<GetMany>consumer(Addresses.STORE_GET_MANY, m -> {
          List<Blob> served = new ArrayList<>();
          for (ChunkId id : m.body().ids()) {
            Blob blob = serve(id);
            if (blob == null) {
              m.fail(Failures.NOT_FOUND, "no blob " + id.shortHex());
              return;
            }
            served.add(blob);
          }
          m.reply(new Blobs(served));
        }).completion());
  }

  /** Stores {@code data} directly, as an earlier backup would have, and returns its id. */
  ChunkId add(byte[] data) {
    ChunkId id = ContentHash.blake3().hash(data);
    blobs.put(id, data.clone());
    return id;
  }

  /** Stores {@code content} cut with {@code params}, as a backup would have, and returns its chunk ids. */
  List<ChunkId> addChunked(byte[] content, ChunkerParams params) {
    List<ChunkId> ids = new ArrayList<>();
    int pos = 0;
    for (int n : HasherFixtures.cutLengths(content, params)) {
      ids.add(add(Arrays.copyOfRange(content, pos, pos + n)));
      pos += n;
    }
    return ids;
  }

  /** The stored bytes of {@code ids}, one after the other. */
  byte[] content(List<ChunkId> ids) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ids.forEach(id -> out.writeBytes(blobs.get(id)));
    return out.toByteArray();
  }

  /** Makes every later {@code get} of {@code id} return its bytes with one bit flipped. */
  void damage(ChunkId id) {
    damaged.add(id);
  }

  /** The stored bytes of {@code id}, or {@code null}. */
  byte[] get(ChunkId id) {
    return blobs.get(id);
  }

  /** How many distinct blobs are stored. */
  int size() {
    return blobs.size();
  }

  /** How many blobs all {@code put} requests carried, counting any sent twice each time. */
  int blobsSent() {
    return blobsSent.get();
  }

  /** A stored blob as a store on another node would serve it: bytes that crossed a network, damaged if asked. */
  private Blob serve(ChunkId id) {
    byte[] data = blobs.get(id);
    if (data == null) {
      return null;
    }
    byte[] copy = data.clone();
    if (damaged.contains(id) && copy.length > 0) {
      copy[copy.length / 2] ^= 0x01;
    }
    return new Blob(BlobType.DATA, id, ByteBuffer.wrap(copy), true);
  }
}
