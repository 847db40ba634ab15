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
import dev.cairn.common.message.StoreMessages.Describe;
import dev.cairn.common.message.StoreMessages.Info;
import dev.cairn.common.message.StoreMessages.Put;
import dev.cairn.common.message.StoreMessages.StoredBlob;
import dev.cairn.common.message.StoreMessages.PutReply;
import dev.cairn.common.pressure.StorePatience;
import dev.cairn.common.pressure.StoreRequests;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * StoreClient is how a hasher talks to the store: ask which chunks are new, put them, get them
 * back. Requests that fail for a reason a later try may fix are retried ({@link StoreRequests}).
 */
final class StoreClient {
  private final StoreRequests requests;

  /** A client whose requests wait for a store on another node ({@code storeRemote}) to come back. */
  StoreClient(Vertx vertx, boolean storeRemote) {
    this(new StoreRequests(vertx, StorePatience.forStore(storeRemote)));
  }

  private StoreClient(StoreRequests requests) {
    this.requests = requests;
  }

  /**
   * This client, accepting answers from stores of repository {@code repositoryId} only; an empty
   * id (a batch sent by no job) leaves it as it is.
   */
  StoreClient pinnedTo(String repositoryId) {
    return repositoryId.isEmpty() ? this : new StoreClient(requests.pinnedTo(repositoryId));
  }

  Future<boolean[]> has(List<ChunkId> ids) {
    return requests.<HasReply>request(Addresses.STORE_HAS, new Has(ids)).map(HasReply::known);
  }

  Future<Info> describe() {
    return requests.request(Addresses.STORE_DESCRIBE, new Describe());
  }

  Future<PutReply> put(List<StoredBlob> blobs) {
    return requests.<PutReply>request(Addresses.STORE_PUT, new Put(blobs));
  }

  /** Fetches the first of {@code ids} that fit in {@code maxBytes}; the caller releases the reply once written. */
  Future<Blobs> getMany(List<ChunkId> ids, int maxBytes) {
    return requests.request(Addresses.STORE_GET_MANY, new GetMany(ids, maxBytes));
  }

  Future<Blob> get(ChunkId id) {
    return requests.<Blob>request(Addresses.STORE_GET, new Get(BlobType.DATA, id));
  }
}
