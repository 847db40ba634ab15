package dev.cairn.common.message;

import dev.cairn.common.ChunkId;
import dev.cairn.common.ChunkerParams;
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
import dev.cairn.common.message.StoreMessages.GetMany;
import dev.cairn.common.message.StoreMessages.Has;
import dev.cairn.common.message.StoreMessages.HasReply;
import dev.cairn.common.message.StoreMessages.Info;
import dev.cairn.common.message.StoreMessages.ListSnapshots;
import dev.cairn.common.message.StoreMessages.Put;
import dev.cairn.common.message.StoreMessages.StoredBlob;
import dev.cairn.common.message.StoreMessages.PutReply;
import dev.cairn.common.message.StoreMessages.SnapshotList;
import dev.cairn.common.message.MaintenanceMessages.RepositoryStats;
import dev.cairn.common.message.MaintenanceMessages.Stats;
import dev.cairn.common.tree.Node;
import dev.cairn.common.tree.Node.Kind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/** Realistic messages and their parts, shared by the message tests. */
final class MessageSamples {
  static final byte[] NOT_UTF8 = {'b', 'a', 'd', (byte) 0xff, (byte) 0xfe};
  static final ChunkerParams CHUNKER = ChunkerParams.of(2 << 10, 8 << 10, 64 << 10);

  static final Node FILE = new Node(Kind.FILE, NOT_UTF8, 0104755, 1_700_000_000_123_456_789L, 17L, 99L, 12_345,
      List.of(id(1), id(2)), null, null);
  static final Node BARE_FILE = new Node(Kind.FILE, utf8("résumé.pdf"), 0644, -5L, 0, 0, 0, List.of(), null, null);
  static final Node DIR = new Node(Kind.DIRECTORY, utf8("src"), 040700, 1, 2, 3, 0, List.of(), id(3), null);
  static final Node LINK = new Node(Kind.SYMLINK, utf8("→ latest"), 0120777, 1, 2, 3, 0, List.of(), null,
      new byte[] {'.', '.', '/', (byte) 0xc3, 0x28});

  static final Snapshot DRAFT = new Snapshot(null, Instant.ofEpochSecond(1_700_000_000L, 987_654_321), "hôte-1",
      List.of(), id(4), new Snapshot.Totals(10, 2, 1L << 40, 7, 3, 4), List.of("/root/x: permission denied"));
  static final Snapshot COMMITTED = new Snapshot(id(5), Instant.EPOCH, null, List.of("/home", "/etc/ü"), id(6),
      new Snapshot.Totals(0, 0, 0, 0, 0, 0), List.of());

  private MessageSamples() {}

  static ChunkId id(int seed) {
    byte[] raw = new byte[ChunkId.LENGTH];
    new Random(seed).nextBytes(raw);
    return ChunkId.of(raw);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Blobs whose content sits at a non-zero array offset and position, off-heap, read-only and empty. */
  static List<Blob> blobs() {
    byte[] backing = new byte[64];
    new Random(7).nextBytes(backing);
    ByteBuffer slice = ByteBuffer.wrap(backing, 5, 20).slice().position(3);
    ByteBuffer direct = ByteBuffer.allocateDirect(16).put(utf8("off-heap bytes!!")).flip().position(4);
    ByteBuffer readOnly = ByteBuffer.wrap(backing, 40, 10).asReadOnlyBuffer();
    return List.of(new Blob(BlobType.DATA, id(8), slice), new Blob(BlobType.TREE, id(9), direct),
        new Blob(BlobType.DATA, id(10), readOnly), new Blob(BlobType.DATA, id(11), ByteBuffer.allocate(0)));
  }

  /** The blobs of {@link #blobs} as stored blobs, each claiming a content length of its own. */
  static List<StoredBlob> storedBlobs() {
    return blobs().stream().map(b -> new StoredBlob(b.type(), b.id(), b.data(), b.length() + 3)).toList();
  }

  /** One message of every type {@link Codecs#register} registers. */
  static List<Object> oneOfEach() {
    return List.of(new Describe(), new Info("r", 1, CHUNKER, "blake3", "store-1"), new Has(List.of(id(1))),
        new HasReply(new boolean[] {true}), blobs().get(0), new Put(storedBlobs()), new PutReply(1, 2),
        new Get(BlobType.DATA, id(2)), new Commit(DRAFT, "store-1"), DRAFT, new FindSnapshot("latest"), new ListSnapshots(),
        new SnapshotList(List.of(COMMITTED)), new Check(true), new CheckReport(1, 1, 1, 1, 1, List.of()),
        new HashFiles("j", CHUNKER, List.of(new FileTask(NOT_UTF8, FILE))), new Hashed(List.of()),
        new RestoreFiles("j", List.of()), new Restored(1, 1, List.of()), new Backup("j", List.of("/"), "h"),
        new Restore("j", "s", "/t", null), new RestoreSummary("s", 1, 1, 1, List.of()), new ListTree("s", "/"),
        new Listing("s", List.of()), PROGRESS, new Cancel("j"), new CancelReply(true), new Stats(),
        new RepositoryStats(1, 2, 3, 4, 5, 6, 7), new GetMany(List.of(id(1), id(2)), 1 << 20), new Blobs(blobs()),
        new Lock("j", true), new Locked("j", 120_000), new Unlock("j"), new Forget(new KeepRules(1, 0, 0, 0), "UTC", true),
        new ForgetReport(List.of(new Kept(COMMITTED, List.of("last"))), List.of(DRAFT), false), new Prune(true),
        new PruneReport(1, 2, 300, List.of(new PackUse(id(12), 100, 0)), List.of(), 200, false));
  }

  /** The last progress event of a backup that met one unreadable file. */
  static final Progress PROGRESS = new Progress("job-3", "backup", Progress.DONE,
      new Progress.Counters(5, 500, 5, 500, 4, 400, 1, 100, 300, 200, 2, 3, 2, 1, true), new Progress.Rates(1000, 10, 0),
      new Progress.Queues(0, 0, 0), List.of("/src/locked: permission denied"), 1234, Progress.SUCCEEDED, "af13",
      List.of(new Progress.Worker("node-1", 3, 300, 0), new Progress.Worker("node-2", 1, 100, 80)));
}
