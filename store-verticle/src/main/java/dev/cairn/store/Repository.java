package dev.cairn.store;

import dev.cairn.common.ChunkId;
import dev.cairn.common.ChunkerParams;
import dev.cairn.common.crypto.BlobCodec;
import dev.cairn.common.crypto.Damaged;
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
import dev.cairn.common.message.StoreMessages.RepositoryStats;
import dev.cairn.common.message.StoreMessages.StoredBlob;
import dev.cairn.store.PackWriter.SealedPack;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Repository is an open cairn repository: it stores blobs in packs, remembers them in its index,
 * and commits snapshots, always in the order packs, then index, then snapshot.
 *
 * <p>Not thread-safe: the store verticle owns one instance and calls it from one thread at a time.
 */
public final class Repository implements AutoCloseable {
  /** Packs are sealed once they reach this size (they exceed it by at most one blob). */
  static final long PACK_TARGET_SIZE = 16L << 20;
  /** Sealed packs get an index once they hold this many blobs, not only at commit, so memory stays flat. */
  static final int INDEX_ENTRIES = 100_000;

  private final Storage storage;
  private final RepositoryLock lock;
  private final Info info;
  private final RepositoryFormat format;
  /** The key file that opened the repository, or {@code null} for plain text. */
  private final String keyId;
  private final PackReader packs;
  private ChunkIndex index;
  /** The index files set aside as damaged when the repository was opened, one line each. */
  private final List<String> indexDamage;
  private final SnapshotFiles snapshots;
  private final Map<ChunkId, PackEntry> inOpenPack = new HashMap<>();
  private final List<SealedPack> unindexed = new ArrayList<>();
  private int unindexedEntries;
  private PackWriter openPack;
  /**
   * Set once an open pack could not be written: blobs acknowledged before the failure are gone,
   * so from then on a snapshot is committed only if everything it needs is still held.
   */
  private boolean packLost;
  /** Where the repository lies if it was opened on read-only media, else {@code null}. */
  private final Path readOnlyAt;
  /** Names this opening of the repository: a store that restarts answers with another. */
  private final String instance = UUID.randomUUID().toString();

  /** Loads the repository kept in {@code storage}; {@code readOnlyAt} is where it lies if on read-only media. */
  Repository(Storage storage, RepositoryLock lock, RepositoryOpening.Opened opened, Path readOnlyAt) throws IOException {
    this.storage = storage;
    this.lock = lock;
    this.readOnlyAt = readOnlyAt;
    this.info = opened.info();
    this.format = opened.format();
    this.keyId = opened.keyId();
    if (!format.idHashName().equals(info.hash())) {
      throw new RepositoryException(Failures.BAD_INPUT, "repository uses hash " + info.hash() + ", which this cairn lacks");
    }
    this.snapshots = new SnapshotFiles(storage, format);
    this.packs = new PackReader(storage);
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

  /**
   * Opens the plain-text repository in {@code dir}; with {@code create}, makes a new one there if the
   * directory is missing or empty, chunking with {@code chunker}.
   */
  public static Repository open(Path dir, boolean create, ChunkerParams chunker) {
    return open(dir, RepositorySetup.plainText(create, chunker));
  }

  /**
   * Opens the existing repository kept in {@code storage}, taking no lock: for tests that wrap the
   * storage of a repository no other store opens. {@code where} names it in messages.
   */
  static Repository open(Storage storage, String where, PasswordSource passwords) {
    return RepositoryOpening.open(storage, where, passwords);
  }

  /** {@link #open(Storage, String, PasswordSource)} of a plain-text repository. */
  static Repository open(Storage storage, String where) {
    return open(storage, where, PasswordSource.none("no password was given"));
  }

  /** Fails, naming the repository, if it lies on read-only media: it can be read there, not written. */
  void requireWritable() {
    if (readOnlyAt != null) {
      throw new RepositoryException(Failures.STORAGE, "repository " + readOnlyAt + " is on a read-only file system: "
          + "snapshots, ls, restore and check can read it, but nothing can be written to it");
    }
  }

  /** The repository's identity and writing parameters, with its key files as they are now. */
  public Info info() {
    Info answered = info.answeredBy(instance);
    if (!format.encrypted()) {
      return answered;
    }
    try {
      return answered.withKeyFiles(KeyFolder.all(storage).stream().map(KeyFolder.Found::content).toList());
    } catch (IOException e) {
      throw storageFailure("cannot read the key files", e);
    }
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
          verifyReceived(blob);
        }
        if (openPack == null) {
          openPack = new PackWriter(storage, format);
        }
        inOpenPack.put(blob.id(), openPack.add(blob.type(), blob.id(), blob.stored(), blob.contentLength()));
        stored++;
        bytes += blob.length();
        if (openPack.full()) {
          sealOpenPack();
        }
      }
    } catch (IOException e) {
      abandonOpenPack(e);
      throw storageFailure("cannot write a pack", e);
    }
    return new PutReply(stored, bytes);
  }

  /** Stores blobs given by their content, sealing each with this repository's codec first. */
  PutReply putContent(List<Blob> blobs) {
    return put(blobs.stream().map(b -> new StoredBlob(b.type(), b.id(), format.codec().seal(b.type(), b.id(), b.data(), null),
        b.length(), b.received())).toList());
  }

  /** Opens a blob that crossed the network and checks it against its id, refusing it if either fails. */
  private void verifyReceived(StoredBlob blob) {
    try {
      format.content(blob.type(), blob.id(), blob.stored(),
          format.encrypted() ? ByteBuffer.allocate(blob.contentLength()) : blob.stored());
    } catch (Damaged e) {
      throw new RepositoryException(Failures.BAD_INPUT, "blob " + blob.id().shortHex() + " does not match its id ("
          + e.getMessage() + ")");
    }
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
    PackEntry pending = inOpenPack.get(id);
    if (pending != null) {
      ByteBuffer data = ByteBuffer.allocate(pending.length());
      try {
        openPack.read(pending, data);
      } catch (IOException e) {
        throw storageFailure("cannot read blob " + id.shortHex(), e);
      }
      return new Located(type, id, null, pending.offset(), pending.length(), pending.rawLength(), data.flip());
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

  private static RepositoryException damaged(Located at) {
    String where = at.pack() == null ? "the pack being written" : "pack " + at.pack().hex();
    return new RepositoryException(Failures.CORRUPT, "blob " + at.id().shortHex() + " in " + where + " is damaged");
  }

  /**
   * Reads a located blob's stored form and verifies it (opened, and checked against its id), so that it
   * can be copied to another pack as it is, without sealing it again.
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

  private ByteBuffer readPack(Located at, ByteBuffer into) {
    try {
      packs.read(at.pack(), at.offset(), into);
    } catch (IOException e) {
      throw storageFailure("cannot read blob " + at.id().shortHex() + " from pack " + at.pack().hex(), e);
    }
    return into.flip();
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
    if (packLost || restarted) {
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
      sealOpenPack();
    } catch (IOException e) {
      throw storageFailure("cannot write a pack", e);
    }
    try {
      writeIndex();
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

  /** Writes an index for the sealed packs not yet in one, and forgets their entries. */
  private void writeIndex() throws IOException {
    if (!unindexed.isEmpty()) {
      byte[] content = IndexFile.encode(format, unindexed);
      writeFile(storage, IndexFile.fileName(format.name(content)), content);
      unindexed.clear();
      unindexedEntries = 0;
    }
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
    inOpenPack.values().forEach(e -> add.accept(e.type(), e.length()));
    List<Snapshot> all = snapshots();
    long logical = all.stream().mapToLong(s -> s.totals().bytes()).sum();
    return new RepositoryStats(index.packs().size() + (openPack == null || openPack.isEmpty() ? 0 : 1),
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
    Set<ChunkId> ids = new HashSet<>();
    unindexed.forEach(p -> ids.add(p.id()));
    return ids;
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
    return inOpenPack.containsKey(id) || index.contains(id);
  }

  private void sealOpenPack() throws IOException {
    if (openPack == null) {
      return;
    }
    PackWriter writer = openPack;
    try {
      if (!writer.isEmpty()) {
        SealedPack sealed = writer.seal();
        index.addPack(sealed.id(), sealed.entries());
        unindexed.add(sealed);
        unindexedEntries += sealed.entries().size();
      }
    } catch (IOException e) {
      abandonOpenPack(e);
      throw e;
    }
    openPack = null;
    inOpenPack.clear();
    writer.close();
    if (unindexedEntries >= INDEX_ENTRIES) {
      // The entries of packs waiting for an index grow with the blobs of a backup (a million small
      // files make a million); written now, they leave the heap.
      writeIndex();
    }
  }

  /**
   * Drops the open pack after a write to it failed: what it held is no longer reported by
   * {@link #has}, so it is sent again, and its temporary file is deleted.
   */
  private void abandonOpenPack(IOException cause) {
    if (openPack == null) {
      return;
    }
    packLost |= !inOpenPack.isEmpty();
    PackWriter writer = openPack;
    openPack = null;
    inOpenPack.clear();
    try {
      writer.close();
    } catch (IOException e) {
      cause.addSuppressed(e);
    }
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
