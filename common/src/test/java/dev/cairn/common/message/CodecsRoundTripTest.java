package dev.cairn.common.message;

import static dev.cairn.common.message.MessageSamples.BARE_FILE;
import static dev.cairn.common.message.MessageSamples.CHUNKER;
import static dev.cairn.common.message.MessageSamples.COMMITTED;
import static dev.cairn.common.message.MessageSamples.DIR;
import static dev.cairn.common.message.MessageSamples.DRAFT;
import static dev.cairn.common.message.MessageSamples.FILE;
import static dev.cairn.common.message.MessageSamples.LINK;
import static dev.cairn.common.message.MessageSamples.NOT_UTF8;
import static dev.cairn.common.message.MessageSamples.blobs;
import static dev.cairn.common.message.MessageSamples.id;
import static dev.cairn.common.message.MessageSamples.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.cairn.common.Slabs;
import dev.cairn.common.message.HasherMessages.FileResult;
import dev.cairn.common.message.HasherMessages.FileTask;
import dev.cairn.common.message.HasherMessages.HashFiles;
import dev.cairn.common.message.HasherMessages.Hashed;
import dev.cairn.common.message.HasherMessages.RestoreFiles;
import dev.cairn.common.message.HasherMessages.Restored;
import dev.cairn.common.message.MaintenanceMessages.Forget;
import dev.cairn.common.message.MaintenanceMessages.ForgetReport;
import dev.cairn.common.message.MaintenanceMessages.KeepRules;
import dev.cairn.common.message.MaintenanceMessages.Kept;
import dev.cairn.common.message.MaintenanceMessages.Lock;
import dev.cairn.common.message.MaintenanceMessages.Locked;
import dev.cairn.common.message.MaintenanceMessages.PackUse;
import dev.cairn.common.message.MaintenanceMessages.Prune;
import dev.cairn.common.message.MaintenanceMessages.PruneReport;
import dev.cairn.common.message.MaintenanceMessages.Unlock;
import dev.cairn.common.message.ScannerMessages.Backup;
import dev.cairn.common.message.ScannerMessages.ListTree;
import dev.cairn.common.message.ScannerMessages.ListedEntry;
import dev.cairn.common.message.ScannerMessages.Listing;
import dev.cairn.common.message.ScannerMessages.Cancel;
import dev.cairn.common.message.ScannerMessages.CancelReply;
import dev.cairn.common.message.ScannerMessages.Restore;
import dev.cairn.common.message.ScannerMessages.RestoreSummary;
import dev.cairn.common.message.StoreMessages.Blob;
import dev.cairn.common.message.StoreMessages.Blobs;
import dev.cairn.common.message.StoreMessages.Check;
import dev.cairn.common.message.StoreMessages.CheckReport;
import dev.cairn.common.message.StoreMessages.Commit;
import dev.cairn.common.message.StoreMessages.Describe;
import dev.cairn.common.message.StoreMessages.FindSnapshot;
import dev.cairn.common.message.StoreMessages.Get;
import dev.cairn.common.message.StoreMessages.Has;
import dev.cairn.common.message.StoreMessages.HasReply;
import dev.cairn.common.message.StoreMessages.Info;
import dev.cairn.common.message.StoreMessages.ListSnapshots;
import dev.cairn.common.message.StoreMessages.Put;
import dev.cairn.common.message.StoreMessages.StoredBlob;
import dev.cairn.common.message.StoreMessages.PutReply;
import dev.cairn.common.message.StoreMessages.SnapshotList;
import dev.cairn.common.message.MaintenanceMessages.RepositoryStats;
import dev.cairn.common.wire.WireCodec;
import dev.cairn.common.wire.WireIn;
import dev.cairn.common.wire.WireOut;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Every message")
class CodecsRoundTripTest {
  /** Encodes after unrelated bytes and decodes from there, as the event bus does between nodes. */
  private static <T> T roundTrip(Class<T> type, BiConsumer<T, WireOut> writer, Function<WireIn, T> reader, T message) {
    WireCodec<T> codec = Codecs.codec(type, writer, reader);
    Buffer buffer = Buffer.buffer("frame header").appendByte((byte) 0xff);
    int pos = buffer.length();
    codec.encodeToWire(buffer, message);
    buffer.appendString("next frame");

    assertThat(codec.transform(message)).isSameAs(message);
    assertThat(codec.name()).isEqualTo("cairn." + type.getSimpleName());
    assertThat(buffer.getString(0, pos - 1)).isEqualTo("frame header");
    T decoded = codec.decodeFromWire(pos, buffer);
    assertThat(decoded).isNotSameAs(message);
    return decoded;
  }

  private static void assertSameTasks(List<FileTask> actual, List<FileTask> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i).path()).containsExactly(expected.get(i).path());
      assertThat(actual.get(i).node()).isEqualTo(expected.get(i).node());
    }
  }

  private static void assertSameBlob(Blob actual, Blob expected) {
    assertThat(actual.type()).isEqualTo(expected.type());
    assertThat(actual.id()).isEqualTo(expected.id());
    assertThat(actual.length()).isEqualTo(expected.length());
    assertThat(actual.bytes()).containsExactly(expected.bytes());
  }

  @Test
  @DisplayName("blobs read into a slab arrive intact at another node, and the slab goes back to the pool")
  void blobsInASlab() {
    ByteBuffer slab = Slabs.take(64);
    slab.put(utf8("first blob")).put(utf8("second"));
    Blob first = new Blob(BlobType.DATA, id(1), slab.slice(0, 10));
    Blob second = new Blob(BlobType.DATA, id(2), slab.slice(10, 6));
    Blobs blobs = new Blobs(List.of(first, second), slab);

    Blobs decoded = roundTrip(Blobs.class, Blobs::write, Blobs::read, blobs);

    assertThat(decoded.slab()).isNull();
    assertThat(decoded.blobs()).hasSize(2);
    assertThat(decoded.blobs().get(0).bytes()).containsExactly(utf8("first blob"));
    assertThat(decoded.blobs().get(1).bytes()).containsExactly(utf8("second"));
    assertThat(decoded.blobs()).allMatch(Blob::received);
    assertThat(Slabs.take(1)).as("the slab, given back once encoded").isSameAs(slab);
  }

  @Test
  @DisplayName("lease, forget and prune messages arrive with every field")
  void maintenanceMessages() {
    for (Lock lock : List.of(new Lock("job-1", false), new Lock("job-2", true))) {
      assertThat(roundTrip(Lock.class, Lock::write, Lock::read, lock)).isEqualTo(lock);
    }
    Locked locked = new Locked("job-1", 120_000);
    assertThat(roundTrip(Locked.class, Locked::write, Locked::read, locked)).isEqualTo(locked);
    assertThat(roundTrip(Unlock.class, Unlock::write, Unlock::read, new Unlock("job-1"))).isEqualTo(new Unlock("job-1"));
    Forget forget = new Forget(new KeepRules(3, 7, 4, 12), "Europe/Paris", true);
    assertThat(roundTrip(Forget.class, Forget::write, Forget::read, forget)).isEqualTo(forget);
    ForgetReport forgot = new ForgetReport(List.of(new Kept(COMMITTED, List.of("last", "daily"))), List.of(COMMITTED), false);
    assertThat(roundTrip(ForgetReport.class, ForgetReport::write, ForgetReport::read, forgot)).isEqualTo(forgot);
    assertThat(roundTrip(Prune.class, Prune::write, Prune::read, new Prune(true))).isEqualTo(new Prune(true));
    PruneReport pruned = new PruneReport(2, 5, 80_000_000, List.of(new PackUse(id(1), 16_000_000, 0)),
        List.of(new PackUse(id(2), 16_000_000, 3_000_000), new PackUse(id(3), 9_000, 100)), 51_000_000, false);
    assertThat(roundTrip(PruneReport.class, PruneReport::write, PruneReport::read, pruned)).isEqualTo(pruned);
  }

  @Test
  @DisplayName("store request without fields arrives as itself")
  void emptyRequests() {
    assertThat(roundTrip(Describe.class, Describe::write, Describe::read, new Describe())).isEqualTo(new Describe());
    assertThat(roundTrip(ListSnapshots.class, ListSnapshots::write, ListSnapshots::read, new ListSnapshots()))
        .isEqualTo(new ListSnapshots());
  }

  @Test
  @DisplayName("store request and reply with plain fields arrives with every field, absent ones absent")
  void plainStoreMessages() {
    for (Info info : List.of(new Info("repo-ü", 1, CHUNKER, "blake3", "store-ü"), new Info(null, 0, CHUNKER, null, null))) {
      assertThat(roundTrip(Info.class, Info::write, Info::read, info)).isEqualTo(info);
    }
    for (Has has : List.of(new Has(List.of(id(1), id(2), id(3))), new Has(List.of()))) {
      assertThat(roundTrip(Has.class, Has::write, Has::read, has).ids()).containsExactlyElementsOf(has.ids());
    }
    PutReply reply = new PutReply(Integer.MAX_VALUE, Long.MIN_VALUE);
    assertThat(roundTrip(PutReply.class, PutReply::write, PutReply::read, reply)).isEqualTo(reply);
    Get get = new Get(BlobType.TREE, id(12));
    assertThat(roundTrip(Get.class, Get::write, Get::read, get)).isEqualTo(get);
    for (FindSnapshot find : List.of(new FindSnapshot("latest"), new FindSnapshot(null))) {
      assertThat(roundTrip(FindSnapshot.class, FindSnapshot::write, FindSnapshot::read, find)).isEqualTo(find);
    }
    for (Check check : List.of(new Check(true), new Check(false), new Check(true, "10%", -7))) {
      assertThat(roundTrip(Check.class, Check::write, Check::read, check)).isEqualTo(check);
    }
    for (CheckReport report : List.of(new CheckReport(3, 4, 5, 2, 6, List.of("pack 1a2b: bad", "blob ü: missing")),
        new CheckReport(0, 0, 0, 0, 0, List.of()))) {
      assertThat(roundTrip(CheckReport.class, CheckReport::write, CheckReport::read, report)).isEqualTo(report);
    }
  }

  @Test
  @DisplayName("has-reply keeps every flag in order")
  void hasReply() {
    boolean[] known = {true, false, false, true, true};
    assertThat(roundTrip(HasReply.class, HasReply::write, HasReply::read, new HasReply(known)).known())
        .containsExactly(known);
    assertThat(roundTrip(HasReply.class, HasReply::write, HasReply::read, new HasReply(new boolean[0])).known())
        .isEmpty();
  }

  @Test
  @DisplayName("blob arrives with exactly its content, wherever the content sat, and the sender's buffer is untouched")
  void blobContent() {
    for (Blob blob : blobs()) {
      int position = blob.data().position();
      assertSameBlob(roundTrip(Blob.class, Blob::write, Blob::read, blob), blob);
      assertThat(blob.data().position()).isEqualTo(position);
    }
    assertThat(blobs().get(0).bytes()).hasSize(17);
    Put put = new Put(MessageSamples.storedBlobs());
    List<StoredBlob> decoded = roundTrip(Put.class, Put::write, Put::read, put).blobs();
    assertThat(decoded).hasSameSizeAs(put.blobs());
    for (int i = 0; i < decoded.size(); i++) {
      StoredBlob sent = put.blobs().get(i);
      StoredBlob got = decoded.get(i);
      assertThat(got.received()).isTrue();
      assertThat(got.contentLength()).isEqualTo(sent.contentLength());
      assertSameBlob(new Blob(got.type(), got.id(), got.stored()), new Blob(sent.type(), sent.id(), sent.stored()));
    }
    assertThat(roundTrip(Put.class, Put::write, Put::read, new Put(List.of())).blobs()).isEmpty();
  }

  @Test
  @DisplayName("snapshot keeps its id, nanosecond time, paths, tree, totals and errors")
  void snapshots() {
    for (Snapshot snapshot : List.of(DRAFT, COMMITTED)) {
      assertThat(roundTrip(Snapshot.class, Snapshot::write, Snapshot::read, snapshot)).isEqualTo(snapshot);
      Commit commit = new Commit(snapshot, "store-1");
      assertThat(roundTrip(Commit.class, Commit::write, Commit::read, commit)).isEqualTo(commit);
    }
    Snapshot decoded = roundTrip(Snapshot.class, Snapshot::write, Snapshot::read, DRAFT);
    assertThat(decoded.id()).isNull();
    assertThat(decoded.time().getNano()).isEqualTo(987_654_321);
    for (SnapshotList list : List.of(new SnapshotList(List.of(DRAFT, COMMITTED)), new SnapshotList(List.of()),
        new SnapshotList(List.of(COMMITTED), List.of("snapshot 11 is damaged")))) {
      assertThat(roundTrip(SnapshotList.class, SnapshotList::write, SnapshotList::read, list)).isEqualTo(list);
    }
  }

  @Test
  @DisplayName("hasher message keeps raw file paths, entries and results")
  void hasherMessages() {
    List<FileTask> tasks = List.of(new FileTask(utf8("/data/x"), BARE_FILE), new FileTask(NOT_UTF8, FILE));
    HashFiles hash = roundTrip(HashFiles.class, HashFiles::write, HashFiles::read, new HashFiles("job-1", CHUNKER, tasks));
    assertThat(hash.jobId()).isEqualTo("job-1");
    assertThat(hash.chunker()).isEqualTo(CHUNKER);
    assertThat(hash.bytes()).isEqualTo(12_345);
    assertSameTasks(hash.files(), tasks);
    assertThat(roundTrip(HashFiles.class, HashFiles::write, HashFiles::read,
        new HashFiles(null, CHUNKER, List.of())).files()).isEmpty();

    Hashed hashed = new Hashed(List.of(new FileResult(FILE, null, 4096, 1),
        new FileResult(null, "/data/y: permission denied", 0, 0)), "node-2", true);
    Hashed decoded = roundTrip(Hashed.class, Hashed::write, Hashed::read, hashed);
    assertThat(decoded).isEqualTo(hashed);
    assertThat(decoded.results().get(0).node().name()).containsExactly(NOT_UTF8);
    assertThat(decoded.results().get(1).node()).isNull();

    RestoreFiles restore = roundTrip(RestoreFiles.class, RestoreFiles::write, RestoreFiles::read,
        new RestoreFiles("job-2", tasks));
    assertThat(restore.jobId()).isEqualTo("job-2");
    assertSameTasks(restore.files(), tasks);
    for (Restored restored : List.of(new Restored(2, 99, List.of("/a: disk full")), new Restored(0, 0, List.of()))) {
      assertThat(roundTrip(Restored.class, Restored::write, Restored::read, restored)).isEqualTo(restored);
    }
  }

  @Test
  @DisplayName("scanner message keeps every field, absent ones absent")
  void scannerMessages() {
    for (Backup backup : List.of(new Backup("job-3", List.of("/home/zoë", "/etc"), "hôte"),
        new Backup("job-4", List.of(), null), new Backup("job-5", List.of("/mnt/shared"), "h", true, true))) {
      assertThat(roundTrip(Backup.class, Backup::write, Backup::read, backup)).isEqualTo(backup);
    }
    for (Restore restore : List.of(new Restore("j", "latest", "/tmp/out", null), new Restore("j", "af13", "/t", "/etc"))) {
      assertThat(roundTrip(Restore.class, Restore::write, Restore::read, restore)).isEqualTo(restore);
    }
    RestoreSummary summary = new RestoreSummary("af13", 4, 5, 6, List.of("/x: exists"));
    assertThat(roundTrip(RestoreSummary.class, RestoreSummary::write, RestoreSummary::read, summary))
        .isEqualTo(summary);
    for (ListTree list : List.of(new ListTree("latest", "/home"), new ListTree("latest", null))) {
      assertThat(roundTrip(ListTree.class, ListTree::write, ListTree::read, list)).isEqualTo(list);
    }
    Progress progress = MessageSamples.PROGRESS;
    assertThat(roundTrip(Progress.class, Progress::write, Progress::read, progress)).isEqualTo(progress);
    Progress running = new Progress("job-4", "restore", Progress.RESTORING, progress.counters(), progress.rates(),
        new Progress.Queues(3, 4, 5), List.of(), 99, null, null);
    assertThat(roundTrip(Progress.class, Progress::write, Progress::read, running)).isEqualTo(running);
    assertThat(roundTrip(Cancel.class, Cancel::write, Cancel::read, new Cancel("job-5"))).isEqualTo(new Cancel("job-5"));
    assertThat(roundTrip(CancelReply.class, CancelReply::write, CancelReply::read, new CancelReply(true)))
        .isEqualTo(new CancelReply(true));
    RepositoryStats stats = new RepositoryStats(1, 2, 300, 4, 100, 6, 800);
    assertThat(roundTrip(RepositoryStats.class, RepositoryStats::write, RepositoryStats::read, stats)).isEqualTo(stats);
    assertThat(stats.dedupRatio()).isEqualTo(2.0);

    List<ListedEntry> entries = List.of(new ListedEntry(utf8("/src"), DIR), new ListedEntry(NOT_UTF8, FILE),
        new ListedEntry(utf8("/src/→ latest"), LINK));
    Listing listing = roundTrip(Listing.class, Listing::write, Listing::read, new Listing("af13", entries));
    assertThat(listing.snapshot()).isEqualTo("af13");
    assertThat(listing.entries()).hasSameSizeAs(entries);
    for (int i = 0; i < entries.size(); i++) {
      assertThat(listing.entries().get(i).path()).containsExactly(entries.get(i).path());
      assertThat(listing.entries().get(i).node()).isEqualTo(entries.get(i).node());
    }
    assertThat(listing.entries().get(2).node().linkTarget()).containsExactly(LINK.linkTarget());
    assertThat(roundTrip(Listing.class, Listing::write, Listing::read, new Listing(null, List.of())).entries())
        .isEmpty();
  }

  @Test
  @DisplayName("decoding refuses a has-reply announcing more flags than it carries, before allocating them")
  void impossibleHasReply() {
    for (int count : new int[] {-1, 1 << 30, Integer.MAX_VALUE}) {
      byte[] wire = new WireOut().i32(count).bool(true).buffer().getBytes();
      assertThatIllegalArgumentException().as("count %d", count).isThrownBy(() -> HasReply.read(new WireIn(wire)));
    }
  }
}
