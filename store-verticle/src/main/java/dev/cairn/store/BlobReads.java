package dev.cairn.store;

import dev.cairn.common.Failures;
import dev.cairn.common.crypto.Damaged;
import dev.cairn.common.message.StoreMessages.Blob;
import dev.cairn.common.message.StoreMessages.StoredBlob;
import dev.cairn.store.Repository.Located;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * BlobReads reads blobs out of sealed packs and checks every blob that comes in or goes out:
 * opened with the repository's codec and hashed against its id, so that damage or forgery is named
 * and never passed on as data. Safe to use from any thread.
 */
final class BlobReads {
  private final PackReader packs;
  private final RepositoryFormat format;

  BlobReads(PackReader packs, RepositoryFormat format) {
    this.packs = packs;
    this.format = format;
  }

  /**
   * Reads a located blob's content into {@code into}, which has room for exactly its length, and
   * verifies it against its id.
   */
  Blob read(Located at, ByteBuffer into) {
    ByteBuffer stored = at.pending();
    if (stored == null) {
      // Plain text is read straight into place; a sealed blob is read aside and opened into it.
      stored = readPack(at, format.encrypted() ? format.scratch(at.length()) : into);
    }
    try {
      return new Blob(at.type(), at.id(), format.content(at.type(), at.id(), stored, into));
    } catch (Damaged e) {
      throw damaged(at);
    }
  }

  /**
   * Reads a located blob's stored form and verifies it (opened, and checked against its id), so
   * that it can be copied to another pack as it is, without sealing it again.
   */
  ByteBuffer readStored(Located at) {
    ByteBuffer stored = at.pending() != null ? at.pending() : readPack(at, ByteBuffer.allocate(at.length()));
    try {
      format.content(at.type(), at.id(), stored.duplicate(), ByteBuffer.allocate(at.rawLength()));
    } catch (Damaged e) {
      throw damaged(at);
    }
    return stored;
  }

  /** Opens a blob that crossed the network and checks it against its id, refusing it if either fails. */
  void verifyReceived(StoredBlob blob) {
    try {
      format.content(blob.type(), blob.id(), blob.stored(),
          format.encrypted() ? ByteBuffer.allocate(blob.contentLength()) : blob.stored());
    } catch (Damaged e) {
      throw new RepositoryException(Failures.BAD_INPUT, "blob " + blob.id().shortHex() + " does not match its id ("
          + e.getMessage() + ")");
    }
  }

  private ByteBuffer readPack(Located at, ByteBuffer into) {
    try {
      packs.read(at.pack(), at.offset(), into);
    } catch (IOException e) {
      throw Repository.storageFailure("cannot read blob " + at.id().shortHex() + " from pack " + at.pack().hex(), e);
    }
    return into.flip();
  }

  private static RepositoryException damaged(Located at) {
    String where = at.pack() == null ? "the pack being written" : "pack " + at.pack().hex();
    return new RepositoryException(Failures.CORRUPT, "blob " + at.id().shortHex() + " in " + where + " is damaged");
  }
}
