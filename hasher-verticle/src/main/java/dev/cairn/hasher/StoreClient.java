package dev.cairn.hasher;

import dev.cairn.common.Addresses;
import dev.cairn.common.ChunkId;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.StoreMessages.Blob;
import dev.cairn.common.message.StoreMessages.Get;
import dev.cairn.common.message.StoreMessages.GetMany;
import dev.cairn.common.message.StoreMessages.Blobs;
import dev.cairn.common.message.StoreMessages.Has;
import dev.cairn.common.message.StoreMessages.HasReply;
import dev.cairn.common.message.StoreMessages.Put;
import dev.cairn.common.message.StoreMessages.PutReply;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.util.List;

/** StoreClient is how a hasher talks to the store: ask which chunks are new, put them, get them back. */
final class StoreClient {
  /** A store answers within this time or the request fails; puts of a full piece are the slowest. */
  static final DeliveryOptions REQUEST = new DeliveryOptions().setSendTimeout(120_000);

  private final EventBus bus;

  StoreClient(EventBus bus) {
    this.bus = bus;
  }

  Future<boolean[]> has(List<ChunkId> ids) {
    return bus.<HasReply>request(Addresses.STORE_HAS, new Has(ids), REQUEST).map(m -> m.body().known());
  }

  Future<PutReply> put(List<Blob> blobs) {
    return bus.<PutReply>request(Addresses.STORE_PUT, new Put(blobs), REQUEST).map(Message::body);
  }

  Future<List<Blob>> getMany(List<ChunkId> ids, int maxBytes) {
    return bus.<Blobs>request(Addresses.STORE_GET_MANY, new GetMany(ids, maxBytes), REQUEST).map(m -> m.body().blobs());
  }

  Future<Blob> get(ChunkId id) {
    return bus.<Blob>request(Addresses.STORE_GET, new Get(BlobType.DATA, id), REQUEST).map(Message::body);
  }
}
