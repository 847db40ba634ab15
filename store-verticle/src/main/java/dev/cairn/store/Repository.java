package dev.cairn.store;

import dev.cairn.common.ChunkId;
import dev.cairn.common.ChunkerParams;
import dev.cairn.common.crypto.BlobCodec;
import dev.cairn.common.crypto.PasswordSource;
import dev.cairn.common.Failures;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.MaintenanceMessages.ForgetReport;
import dev.cairn.common.message.MaintenanceMessages.KeepRules;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.message.StoreMessages.Blob;
import dev.cairn.common.message.StoreMessages.CheckReport;
import dev.cairn.common.message.StoreMessages.Info;
import dev.cairn.common.message.StoreMessages.PutReply;
import dev.cairn.common.message.MaintenanceMessages.RepositoryStats;
import dev.cairn.common.message.StoreMessages.StoredBlob;
import dev.cairn.store.PackWriter.SealedPack;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Repository is an open cairn repository: it stores blobs in packs, remembers them in its index,
 * and commits snapshots, always in the order packs, then index, then snapshot.
 *
 * <p>Not thread-safe: the store verticle owns one instance and calls it from one thread at a time.
 */
public final class Repository implements AutoCloseable {
  private final Storage storage;
  private final RepositoryLock lock;
  private final Info info;
  private final RepositoryFormat format;
  /** The key file that opened the repository, or {@code null} for plain text. */
  private final String keyId;
  private final PackReader packs;
  private final BlobReads reads;
  private ChunkIndex index;
  /** The index files set aside as damaged when the repository was opened, one line each. */
  private final List<String> indexDamage;
  private final SnapshotFiles snapshots;
  private final OpenPacks writing;
  /** Where the repository lies if it was opened on read-only media, else {@code null}. */
  private final Path readOnlyAt;
  /** Names this opening of the repository: a store that restarts answers with another. */
  private final String instance = UUID.randomUUID().toString();

  /** Loads the repository kept in {@code storage}; {@code readOnlyAt} is where it lies if on read-only media. */
  Repository(Storage storage, RepositoryLock lock, RepositoryOpening.Opened opened, Path readOnlyAt) throws IOException {
    this.storage = storage;
    this.lock = lock;
    this.readOnlyAt = readOnlyAt;
    // Read once: keys change only under the repository's lock (cairn key), which this store holds.
    this.info = opened.format().encrypted()
        ? opened.info().withKeyFiles(KeyFolder.all(storage).stream().map(KeyFolder.Found::content).toList())
        : opened.info();
    this.format = opened.format();
    this.keyId = opened.keyId();
    if (!format.idHashName().equals(info.hash())) {
      throw new RepositoryException(Failures.BAD_INPUT, "repository uses hash " + info.hash() + ", which this cairn lacks");
    }
    this.snapshots = new SnapshotFiles(storage, format);
    this.writing = new OpenPacks(storage, format);
    this.packs = new PackReader(storage);
    this.reads = new BlobReads(packs, format);
    IndexLoad.Loaded loaded = IndexLoad.load(storage, format, indexFiles());
    this.index = loaded.table();
    this.indexDamage = loaded.damage();
  }

  /** The names of the index files, {@code index/<id>}. */
  List<String> indexFiles() throws IOException {
    return storage.list(IndexFile.FOLDER).stream()
        .filter(name -> ChunkId.isHex(name.substring(IndexFile.FOLDER.length()))).toList();
  }

  /** Opens the repository in {@code dir} as {@code setup} says (see {@link RepositoryOpening}). */
  public static Repository open(Path dir, RepositorySetup setup) {
    return RepositoryOpening.open(dir, setup);
  }

  /** Opens the plain-text repository in {@code dir}, made with {@code chunker} if {@code create} and none is there. */
  public static Repository open(Path dir, boolean create, ChunkerParams chunker) {
    return open(dir, RepositorySetup.plainText(create, chunker));
  }

  /**
   * Opens the existing plain-text repository kept in {@code storage}, taking no lock: for tests that
   * wrap the storage of a repository no other store opens. {@code where} names it in messages.
   */
  static Repository open(Storage storage, String where) {
    return RepositoryOpening.open(storage, where, PasswordSource.none("no password was given"));
  }

  /** Starts deriving the key of the repository in {@code dir} while the caller starts its node (see {@link RepositoryOpening#prepareKey}). */
  public static void prepareKey(Path dir, PasswordSource passwords) {
    RepositoryOpening.prepareKey(dir, passwords);
  }

  /** Fails, naming the repository, if it lies on read-only media: it can be read there, not written. */
  void requireWritable() {
    if (readOnlyAt != null) {
      throw new RepositoryException(Failures.STORAGE, "repository " + readOnlyAt + " is on a read-only file system: "
          + "snapshots, ls, restore and check can read it, but nothing can be written to it");
    }
  }

  /** The repository's identity and writing parameters, with its key files. */
  public Info info() {
    return info.answeredBy(instance);
  }

  /** How blobs of this repository are named, chunked, compressed and sealed. */
  public BlobCodec codec() {
    return format.codec();
  }

  /** The id of the key file that opened this repository, or {@code null} for plain text. */
  public String keyId() {
    return keyId;
  }

  /** Reports for each id whether the repository holds it or is about to. */
  public boolean[] has(List<ChunkId> ids) {
    boolean[] known = new boolean[ids.size()];
    for (int i = 0; i < known.length; i++) {
      known[i] = holds(ids.get(i));
    }
    return known;
  }

  /**
   * Stores every blob not yet held. A blob that arrived from another node is first opened and checked
   * against its id; one made in this JVM was hashed and sealed by the code that made it, and doing it
   * again would halve the speed of a backup for no gain.
   */
  public PutReply put(List<StoredBlob> blobs) {
    requireWritable();
    int stored = 0;
    long bytes = 0;
    try {
      for (StoredBlob blob : blobs) {
        if (holds(blob.id())) {
          continue;
        }
        if (blob.contentLength() > PackFormat.MAX_BLOB_LENGTH || blob.length() > PackFormat.MAX_STORED_LENGTH
            || blob.contentLength() < 0) {
          throw new RepositoryException(Failures.BAD_INPUT, "blob " + blob.id().shortHex() + " is " + blob.contentLength()
              + " bytes, more than a blob may be (" + PackFormat.MAX_BLOB_LENGTH + ")");
        }
        if (blob.received()) {
          reads.verifyReceived(blob);
        }
        writing.add(blob, index);
        stored++;
        bytes += blob.length();
      }
    } catch (IOException e) {
      throw storageFailure("cannot write a pack", e);
    }
    return new PutReply(stored, bytes);
  }

  /** Stores blobs given by their content, sealing each with this repository's codec first. */
  PutReply putContent(List<Blob> blobs) {
    return put(blobs.stream().map(b -> new StoredBlob(b.type(), b.id(), format.codec().seal(b.type(), b.id(), b.data(), null),
        b.length(), b.received())).toList());
  }

  /** Reads a blob and verifies it against its id. */
  public Blob get(BlobType type, ChunkId id) {
    return read(locate(type, id));
  }

  /**
   * A blob found, not yet read: either its place in a sealed pack, or its content already read
   * from the pack being written.
   */
  public record Located(BlobType type, ChunkId id, ChunkId pack, long offset, int length, int rawLength,
      ByteBuffer pending) {}

  /**
   * Finds where a blob lies. Sealed blobs are then read by {@link #read}, which any thread may
   * call; a blob in the pack being written is read right away, since only this thread may touch it.
   */
  public Located locate(BlobType type, ChunkId id) {
    PackEntry pending = writing.pending(id);
    if (pending != null) {
      try {
        return new Located(type, id, null, pending.offset(), pending.length(), pending.rawLength(), writing.read(pending));
      } catch (IOException e) {
        throw storageFailure("cannot read blob " + id.shortHex(), e);
      }
    }
    ChunkIndex.Location at = index.locate(id);
    if (at == null) {
      throw new RepositoryException(Failures.NOT_FOUND, type.name().toLowerCase() + " blob " + id.shortHex() + " is not in the repository");
    }
    return new Located(type, id, at.pack(), at.entry().offset(), at.entry().length(), at.entry().rawLength(), null);
  }

  /** Reads a located blob and verifies it against its id; safe to call from any thread. */
  public Blob read(Located at) {
    return read(at, ByteBuffer.allocate(at.rawLength()));
  }

  /**
   * Reads a located blob's content into {@code into}, which has room for exactly its length, and
   * verifies it against its id. Safe to call from any thread.
   */
  public Blob read(Located at, ByteBuffer into) {
    return reads.read(at, into);
  }

  /** Reads a located blob's stored form, verified, to copy it as it is (see {@link BlobReads#readStored}). */
  ByteBuffer readStored(Located at) {
    return reads.readStored(at);
  }

  /** Makes every stored blob durable and indexed, then writes the snapshot; returns it with its id. */
  public Snapshot commit(Snapshot snapshot) {
    return commit(snapshot, instance);
  }

  /**
   * Commits {@code snapshot} of a backup that began with the store instance {@code begunWith}. If
   * that was another opening of the repository (the store restarted during the backup), chunks the
   * backup was told exist may have been lost with a killed store's open pack, so every blob under
   * the tree is checked first, as after a pack that could not be written.
   */
  public Snapshot commit(Snapshot snapshot, String begunWith) {
    requireWritable();
    if (!holds(snapshot.tree())) {
      throw new RepositoryException(Failures.BAD_INPUT, "snapshot tree " + snapshot.tree().shortHex() + " was never stored");
    }
    flush();
    boolean restarted = !instance.equals(begunWith);
    if (writing.lost() || restarted) {
      List<String> lost = new RepositoryCheck(storage, format, index, snapshots).problemsUnder(snapshot.tree());
      if (!lost.isEmpty()) {
        String how = restarted
            ? "the store restarted during the backup and lost them with the pack it had open; run the backup again "
                + "(chunks already stored are reused)"
            : "a pack could not be written; back up again";
        throw new RepositoryException(Failures.STORAGE, "the snapshot was not committed: " + lost.size()
            + " of its files or directories are missing (" + lost.get(0) + "): " + how);
      }
    }
    try {
      return snapshots.write(snapshot);
    } catch (IOException e) {
      throw storageFailure("cannot write the snapshot", e);
    }
  }

  /** Seals the open pack and writes an index for every pack not yet in one. */
  public void flush() {
    try {
      writing.seal(index);
    } catch (IOException e) {
      throw storageFailure("cannot write a pack", e);
    }
    try {
      writing.writeIndex();
    } catch (IOException e) {
      throw storageFailure("cannot write the index", e);
    }
  }

  /**
   * Removes the snapshots {@code rules} do not keep (with {@code dryRun}, only says which). Their
   * packs stay: prune reclaims what no remaining snapshot needs.
   */
  public ForgetReport forget(KeepRules rules, ZoneId zone, boolean dryRun) {
    if (rules.isEmpty()) {
      throw new RepositoryException(Failures.BAD_INPUT,
          "no keep rule given: forget removes every snapshot no rule keeps, so give at least one of --keep-last, "
              + "--keep-daily, --keep-weekly or --keep-monthly");
    }
    ForgetReport report = Retention.decide(snapshots(), rules, zone, dryRun);
    if (!dryRun) {
      requireWritable();
      report.removed().forEach(s -> snapshots.remove(s.id()));
    }
    return report;
  }

  /** Every snapshot, oldest first. */
  public List<Snapshot> snapshots() {
    return snapshots.all();
  }

  /** Finds a snapshot by full id, unique prefix, or {@code latest}. */
  public Snapshot findSnapshot(String ref) {
    return snapshots.find(ref);
  }

  /** Counts what the repository holds and the logical size of its snapshots. */
  public RepositoryStats stats() {
    long[] counts = new long[4];
    BiConsumer<BlobType, Integer> add = (type, length) -> {
      int at = type == BlobType.DATA ? 0 : 2;
      counts[at]++;
      counts[at + 1] += length;
    };
    index.forEach(at -> add.accept(at.entry().type(), at.entry().length()));
    writing.forEachPending(e -> add.accept(e.type(), e.length()));
    List<Snapshot> all = snapshots();
    long logical = all.stream().mapToLong(s -> s.totals().bytes()).sum();
    return new RepositoryStats(index.packs().size() + (writing.filling() ? 1 : 0),
        counts[0], counts[1], counts[2], counts[3], all.size(), logical);
  }

  /** Verifies the repository, reading every pack with {@code readData}; see {@link RepositoryCheck}. */
  public CheckReport check(boolean readData) {
    return check(readData, PackSample.ALL, 0);
  }

  /** Verifies the repository, reading the packs {@code sample} chooses with {@code seed} if {@code readData}. */
  public CheckReport check(boolean readData, PackSample sample, long seed) {
    flush();
    return new RepositoryCheck(storage, format, index, snapshots).run(readData, sample, seed, indexDamage);
  }

  @Override
  public void close() {
    try {
      flush();
    } finally {
      try (RepositoryLock held = lock) {
        packs.close();
      } catch (IOException e) {
        throw storageFailure("cannot close packs", e);
      }
    }
  }

  Storage storage() {
    return storage;
  }

  RepositoryFormat format() {
    return format;
  }

  ChunkIndex chunkIndex() {
    return index;
  }

  SnapshotFiles snapshotFiles() {
    return snapshots;
  }

  /** The packs this store sealed and has not yet written an index for. */
  Set<ChunkId> unindexedPacks() {
    return writing.unindexedPacks();
  }

  /** Takes {@code packs} as the whole index, after a prune deleted the packs {@code gone}. */
  void replaceIndex(List<SealedPack> packs, Set<ChunkId> gone) throws IOException {
    ChunkIndex table = new ChunkIndex();
    table.reserve(packs.stream().mapToLong(p -> p.entries().size()).sum());
    packs.forEach(p -> table.addPack(p.id(), p.entries()));
    index = table;
    for (ChunkId pack : gone) {
      this.packs.drop(pack);
    }
  }

  private boolean holds(ChunkId id) {
    return writing.holds(id) || index.contains(id);
  }

  static void writeFile(Storage storage, String name, byte[] content) throws IOException {
    try (Storage.NewFile file = storage.create()) {
      file.write(ByteBuffer.wrap(content));
      file.commit(name);
    }
  }

  static RepositoryException storageFailure(String what, IOException e) {
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (reason.contains("No space left on device")) {
      reason = "the disk is full; free some space and run it again";
    }
    return new RepositoryException(Failures.STORAGE, what + ": " + reason, e);
  }
}
