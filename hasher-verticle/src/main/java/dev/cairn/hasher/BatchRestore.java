package dev.cairn.hasher;

import dev.cairn.common.ChunkId;
import dev.cairn.common.Slabs;
import dev.cairn.common.ContentHash;
import dev.cairn.common.RawPaths;
import dev.cairn.common.message.HasherMessages.FileTask;
import dev.cairn.common.message.HasherMessages.RestoreFiles;
import dev.cairn.common.message.HasherMessages.Restored;
import dev.cairn.common.message.StoreMessages.Blob;
import dev.cairn.common.message.StoreMessages.Blobs;
import dev.cairn.common.posix.Ownership;
import dev.cairn.common.tree.Node;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * BatchRestore writes one batch of files back from their chunks. The chunks of all its files are
 * asked for in file order, many per request (the store reads them in pack order), one request
 * ahead of the writes, and each file is written front to back in large sequential writes, then
 * given back its owner, extended attributes, mode and mtime.
 *
 * <p>A chunk the store cannot give (missing or damaged) fails only the file that needs it; the
 * other files of the batch are still restored. A file or link found at a file's place is removed
 * and the file created anew, without following links: a planted link, symbolic or hard, is
 * replaced, never written through.
 *
 * <p>Blocks of zeros are not written but skipped over, so a sparse file comes back sparse where
 * the filesystem allows holes.
 */
final class BatchRestore {
  /**
   * Bytes asked for per request: large enough to amortize a round trip, small enough to bound
   * memory, and no more than a slab, so that a reply of blobs fits the pooled slab it is read into.
   */
  static final int REQUEST_BYTES = Slabs.SIZE;
  /** Ids per request, so that a batch of tiny files still needs few round trips. */
  static final int REQUEST_IDS = 1024;
  /** The hole granularity: zero blocks of this size, at offsets that are multiples of it, are skipped. */
  static final int BLOCK = 4096;
  private static final ByteBuffer ZEROS = ByteBuffer.allocate(BLOCK).asReadOnlyBuffer();
  private static final Set<OpenOption> CREATE =
      Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

  private final List<FileTask> files;
  private final Ownership.Rules rules;
  private final StoreClient store;
  private final ContentHash hash;
  private final List<ChunkId> ids = new ArrayList<>();
  private final List<Integer> owners = new ArrayList<>();
  private final String[] errors;
  private final long[] written;
  /** The restored files' access time. */
  private final FileTime started = FileTime.from(Instant.now());
  private int next;
  private int openFile = -1;
  private FileChannel out;

  BatchRestore(RestoreFiles batch, StoreClient store, ContentHash hash) {
    this.files = batch.files();
    this.rules = new Ownership.Rules(batch.numericOwner(), batch.keepSetId());
    this.store = store;
    this.hash = hash;
    for (int f = 0; f < files.size(); f++) {
      for (ChunkId id : files.get(f).node().chunks()) {
        ids.add(id);
        owners.add(f);
      }
    }
    this.errors = new String[files.size()];
    this.written = new long[files.size()];
  }

  /** Restores every file of the batch; completes with the totals and one line per failed file. */
  Future<Restored> run() {
    return fetch().map(v -> {
      reach(files.size());
      long count = 0;
      long bytes = 0;
      List<String> failed = new ArrayList<>();
      for (int f = 0; f < files.size(); f++) {
        if (errors[f] == null) {
          count++;
          bytes += written[f];
        } else {
          failed.add(RawPaths.printable(files.get(f).path()) + ": " + errors[f]);
        }
      }
      return new Restored(count, bytes, failed);
    }).eventually(() -> {
      closeQuietly();
      return Future.succeededFuture();
    });
  }

  private Future<Void> fetch() {
    return next == ids.size() ? Future.succeededFuture() : consume(request(next));
  }

  private Future<Blobs> request(int from) {
    return store.getMany(ids.subList(from, Math.min(ids.size(), from + REQUEST_IDS)), REQUEST_BYTES);
  }

  /**
   * Writes the blobs of one reply, then gives back the slab they came in. The next request goes out
   * first, so the store reads and verifies it while this thread writes.
   */
  private Future<Void> consume(Future<Blobs> reply) {
    return reply.compose(blobs -> {
      int after = next + blobs.blobs().size();
      Future<Blobs> ahead = after < ids.size() ? request(after) : null;
      blobs.blobs().forEach(this::write);
      blobs.release();
      return ahead == null ? Future.succeededFuture() : consume(ahead);
    }, failure -> store.get(ids.get(next))
        // One of the chunks asked for cannot be read: fetch the first alone, to find whose it is.
        .onSuccess(this::write)
        .onFailure(e -> {
          fail(owners.get(next), e.getMessage());
          next++;
        })
        .transform(v -> fetch()));
  }

  private void write(Blob blob) {
    int file = owners.get(next);
    ChunkId id = ids.get(next++);
    reach(file);
    if (errors[file] != null) {
      return;
    }
    ByteBuffer data = blob.data().duplicate();
    try {
      if (blob.received() && !hash.hash(data).equals(id)) {
        throw new IOException("chunk " + id.shortHex() + " arrived damaged");
      }
      writeSkippingZeros(file, data);
    } catch (IOException e) {
      fail(file, Errors.describe(e));
    }
  }

  /**
   * Writes {@code data} at the end of what {@code file} has so far, leaving every block that is all
   * zeros unwritten: a hole, which reads as zeros. Runs of other blocks are written at once.
   */
  private void writeSkippingZeros(int file, ByteBuffer data) throws IOException {
    long pos = written[file];
    int base = data.position();
    int run = -1;
    while (data.hasRemaining()) {
      int length = (int) Math.min(data.remaining(), BLOCK - pos % BLOCK);
      boolean zero = data.slice(data.position(), length).mismatch(ZEROS.slice(0, length)) == -1;
      if (!zero && run < 0) {
        run = data.position();
      } else if (zero && run >= 0) {
        writeFully(data.slice(run, data.position() - run), written[file] + run - base);
        run = -1;
      }
      data.position(data.position() + length);
      pos += length;
    }
    if (run >= 0) {
      writeFully(data.slice(run, data.position() - run), written[file] + run - base);
    }
    written[file] = pos;
  }

  private void writeFully(ByteBuffer data, long position) throws IOException {
    writeFullyTo(out, data, position);
  }

  private static void writeFullyTo(FileChannel channel, ByteBuffer data, long position) throws IOException {
    while (data.hasRemaining()) {
      position += channel.write(data, position);
    }
  }

  /** Finishes every file before {@code file} and opens {@code file}, creating empty files on the way. */
  private void reach(int file) {
    while (openFile < file) {
      finish();
      openFile++;
      if (openFile < files.size()) {
        open(openFile);
      }
    }
  }

  private void open(int file) {
    Path path = RawPaths.path(files.get(file).path());
    try {
      out = create(path, files.get(file).node());
    } catch (IOException e) {
      fail(file, Errors.describe(e));
    }
  }

  /**
   * Creates a new file at {@code path} with {@code node}'s permission bits. A file or link found
   * there, symbolic or hard, is removed first, never written through; in an empty target, the
   * usual case, that costs no extra call.
   */
  private static FileChannel create(Path path, Node node) throws IOException {
    try {
      return FileChannel.open(path, CREATE, Metadata.createMode(node));
    } catch (FileAlreadyExistsException e) {
      if (Files.isSymbolicLink(path) || Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
        Files.delete(path);
      }
      return FileChannel.open(path, CREATE, Metadata.createMode(node));
    }
  }

  private void finish() {
    if (openFile < 0 || openFile >= files.size() || out == null) {
      return;
    }
    FileChannel channel = out;
    out = null;
    try (channel) {
      if (errors[openFile] != null) {
        return;
      }
      long expected = files.get(openFile).node().size();
      if (written[openFile] != expected) {
        throw new IOException("restored " + written[openFile] + " bytes, the snapshot says " + expected);
      }
      if (channel.size() < expected) {
        // The file ends in a hole: one written byte gives it its length.
        writeFullyTo(channel, ByteBuffer.allocate(1), expected - 1);
      }
      Node node = files.get(openFile).node();
      Metadata.restore(RawPaths.path(files.get(openFile).path()), node, rules, started);
    } catch (IOException e) {
      fail(openFile, Errors.describe(e));
    }
  }

  private void fail(int file, String reason) {
    if (errors[file] == null) {
      errors[file] = reason;
    }
  }

  private void closeQuietly() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        fail(openFile, Errors.describe(e));
      }
      out = null;
    }
  }
}
