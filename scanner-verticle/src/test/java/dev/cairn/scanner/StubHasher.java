package dev.cairn.scanner;

import dev.cairn.common.Addresses;
import dev.cairn.common.ChunkId;
import dev.cairn.common.ContentHash;
import dev.cairn.common.RawPaths;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.Codecs;
import dev.cairn.common.message.HasherMessages.FileResult;
import dev.cairn.common.message.HasherMessages.FileTask;
import dev.cairn.common.message.HasherMessages.HashFiles;
import dev.cairn.common.message.HasherMessages.Hashed;
import dev.cairn.common.message.HasherMessages.RestoreFiles;
import dev.cairn.common.message.HasherMessages.Restored;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.VerticleBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * StubHasher stands in for the hasher room. It names a file's whole content as one chunk, kept in
 * the in-memory store, and writes files back from there. Deploy it as a worker: it reads and
 * writes files in its handlers.
 */
final class StubHasher extends VerticleBase {
  private final InMemoryStore store;
  private final String node;
  private final boolean onScannerNode;

  /** A hasher on the scanner's node, {@link ScannerFixtures#NODE}. */
  StubHasher(InMemoryStore store) {
    this(store, ScannerFixtures.NODE, true);
  }

  /** A hasher on node {@code node}; with {@code onScannerNode} it also takes that node's own batches. */
  StubHasher(InMemoryStore store, String node, boolean onScannerNode) {
    this.store = store;
    this.node = node;
    this.onScannerNode = onScannerNode;
  }

  @Override
  public Future<?> start() {
    Codecs.register(vertx);
    Future<?> local = onScannerNode
        ? Future.all(vertx.eventBus().<HashFiles>consumer(Addresses.hasherFilesOn(node), this::hash).completion(),
            vertx.eventBus().<RestoreFiles>consumer(Addresses.hasherRestoreOn(node), this::restore).completion())
        : Future.succeededFuture();
    return Future.all(
        local,
        vertx.eventBus().<HashFiles>consumer(Addresses.HASHER_FILES, this::hash).completion(),
        vertx.eventBus().<RestoreFiles>consumer(Addresses.HASHER_RESTORE, this::restore).completion());
  }

  private void hash(Message<HashFiles> m) {
    List<FileResult> results = new ArrayList<>();
    m.body().files().forEach(task -> results.add(hash(task)));
    m.reply(new Hashed(results, node, false));
  }

  private void restore(Message<RestoreFiles> m) {
    long files = 0;
    long bytes = 0;
    List<String> errors = new ArrayList<>();
    for (FileTask task : m.body().files()) {
      ByteArrayOutputStream content = new ByteArrayOutputStream();
      task.node().chunks().forEach(id -> content.writeBytes(store.get(id)));
      try {
        Files.write(RawPaths.path(task.path()), content.toByteArray());
        files++;
        bytes += content.size();
      } catch (IOException e) {
        errors.add(RawPaths.printable(task.path()) + ": " + e.getMessage());
      }
    }
    m.reply(new Restored(files, bytes, errors));
  }

  private FileResult hash(FileTask task) {
    byte[] content;
    try {
      content = Files.readAllBytes(RawPaths.path(task.path()));
    } catch (IOException e) {
      return new FileResult(null, "cannot read: " + e.getClass().getSimpleName(), 0, 0);
    }
    if (content.length == 0) {
      return new FileResult(task.node().withContent(0, List.of()), null, 0, 0);
    }
    boolean known = store.has(ContentHash.blake3().hash(content));
    ChunkId id = store.add(BlobType.DATA, content);
    return new FileResult(task.node().withContent(content.length, List.of(id)), null, known ? 0 : content.length,
        known ? 0 : 1);
  }
}
