package dev.cairn.common.message;

import dev.cairn.common.message.HasherMessages.HashFiles;
import dev.cairn.common.message.HasherMessages.Hashed;
import dev.cairn.common.message.HasherMessages.RestoreFiles;
import dev.cairn.common.message.HasherMessages.Restored;
import dev.cairn.common.message.MaintenanceMessages.Forget;
import dev.cairn.common.message.MaintenanceMessages.ForgetReport;
import dev.cairn.common.message.MaintenanceMessages.Lock;
import dev.cairn.common.message.MaintenanceMessages.Locked;
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
import dev.cairn.common.message.StoreMessages.Check;
import dev.cairn.common.message.StoreMessages.CheckReport;
import dev.cairn.common.message.StoreMessages.Commit;
import dev.cairn.common.message.StoreMessages.Describe;
import dev.cairn.common.message.StoreMessages.Info;
import dev.cairn.common.message.StoreMessages.FindSnapshot;
import dev.cairn.common.message.StoreMessages.Get;
import dev.cairn.common.message.StoreMessages.GetMany;
import dev.cairn.common.message.StoreMessages.Blobs;
import dev.cairn.common.message.StoreMessages.Has;
import dev.cairn.common.message.StoreMessages.HasReply;
import dev.cairn.common.message.StoreMessages.ListSnapshots;
import dev.cairn.common.message.StoreMessages.Put;
import dev.cairn.common.message.StoreMessages.PutReply;
import dev.cairn.common.message.StoreMessages.SnapshotList;
import dev.cairn.common.message.StoreMessages.RepositoryStats;
import dev.cairn.common.message.StoreMessages.Stats;
import dev.cairn.common.wire.WireCodec;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import dev.cairn.common.wire.WireIn;
import dev.cairn.common.wire.WireOut;

/**
 * Codecs registers the binary codec of every message type on an event bus.
 *
 * <p>Every verticle calls {@link #register} when it starts, so every node of a cluster can decode
 * every message whatever roles it runs; registering twice on one Vert.x instance does nothing.
 */
public final class Codecs {
  private static final Set<Vertx> REGISTERED = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  private Codecs() {}

  /** Registers every message codec on {@code vertx}'s event bus, once. */
  public static void register(Vertx vertx) {
    if (!REGISTERED.add(vertx)) {
      return;
    }
    EventBus bus = vertx.eventBus();
    add(bus, Describe.class, Describe::write, Describe::read);
    add(bus, Info.class, Info::write, Info::read);
    add(bus, Has.class, Has::write, Has::read);
    add(bus, HasReply.class, HasReply::write, HasReply::read);
    add(bus, Blob.class, Blob::write, Blob::read);
    add(bus, Put.class, Put::write, Put::read);
    add(bus, PutReply.class, PutReply::write, PutReply::read);
    add(bus, Get.class, Get::write, Get::read);
    add(bus, GetMany.class, GetMany::write, GetMany::read);
    add(bus, Blobs.class, Blobs::write, Blobs::read);
    add(bus, Commit.class, Commit::write, Commit::read);
    add(bus, Snapshot.class, Snapshot::write, Snapshot::read);
    add(bus, FindSnapshot.class, FindSnapshot::write, FindSnapshot::read);
    add(bus, ListSnapshots.class, ListSnapshots::write, ListSnapshots::read);
    add(bus, SnapshotList.class, SnapshotList::write, SnapshotList::read);
    add(bus, Check.class, Check::write, Check::read);
    add(bus, CheckReport.class, CheckReport::write, CheckReport::read);
    add(bus, HashFiles.class, HashFiles::write, HashFiles::read);
    add(bus, Hashed.class, Hashed::write, Hashed::read);
    add(bus, RestoreFiles.class, RestoreFiles::write, RestoreFiles::read);
    add(bus, Restored.class, Restored::write, Restored::read);
    add(bus, Backup.class, Backup::write, Backup::read);
    add(bus, Restore.class, Restore::write, Restore::read);
    add(bus, RestoreSummary.class, RestoreSummary::write, RestoreSummary::read);
    add(bus, ListTree.class, ListTree::write, ListTree::read);
    add(bus, Listing.class, Listing::write, Listing::read);
    add(bus, Progress.class, Progress::write, Progress::read);
    add(bus, Cancel.class, Cancel::write, Cancel::read);
    add(bus, CancelReply.class, CancelReply::write, CancelReply::read);
    add(bus, Stats.class, Stats::write, Stats::read);
    add(bus, RepositoryStats.class, RepositoryStats::write, RepositoryStats::read);
    add(bus, Lock.class, Lock::write, Lock::read);
    add(bus, Locked.class, Locked::write, Locked::read);
    add(bus, Unlock.class, Unlock::write, Unlock::read);
    add(bus, Forget.class, Forget::write, Forget::read);
    add(bus, ForgetReport.class, ForgetReport::write, ForgetReport::read);
    add(bus, Prune.class, Prune::write, Prune::read);
    add(bus, PruneReport.class, PruneReport::write, PruneReport::read);
  }

  /** The codec of {@code type}, for tests that round-trip messages without an event bus. */
  static <T> WireCodec<T> codec(Class<T> type, BiConsumer<T, WireOut> writer, Function<WireIn, T> reader) {
    return new WireCodec<>("cairn." + type.getSimpleName(), (out, msg) -> writer.accept(msg, out), reader);
  }

  private static <T> void add(EventBus bus, Class<T> type, BiConsumer<T, WireOut> writer, Function<WireIn, T> reader) {
    bus.registerDefaultCodec(type, codec(type, writer, reader));
  }
}
