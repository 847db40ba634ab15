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
import dev.cairn.common.message.MaintenanceMessages.RepositoryStats;
import dev.cairn.common.message.MaintenanceMessages.Stats;
import dev.cairn.common.wire.WireCodec;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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

  /** Every message type's codec, in the order they are registered. */
  private static final Map<Class<?>, WireCodec<?>> CODECS = all();

  /** Registers every message codec on {@code vertx}'s event bus, once. */
  public static void register(Vertx vertx) {
    if (!REGISTERED.add(vertx)) {
      return;
    }
    EventBus bus = vertx.eventBus();
    CODECS.forEach((type, codec) -> registerDefault(bus, type, codec));
  }

  /** Every message type this class registers a codec for. */
  static Set<Class<?>> types() {
    return Collections.unmodifiableSet(CODECS.keySet());
  }

  /**
   * The codec of message type {@code type}, for keeping a message outside the event bus in its
   * binary form (in a cluster-wide map, or inside another record).
   */
  @SuppressWarnings("unchecked")
  public static <T> WireCodec<T> codec(Class<T> type) {
    WireCodec<T> codec = (WireCodec<T>) CODECS.get(type);
    if (codec == null) {
      throw new IllegalArgumentException("no codec for " + type.getName());
    }
    return codec;
  }

  private static Map<Class<?>, WireCodec<?>> all() {
    Map<Class<?>, WireCodec<?>> codecs = new LinkedHashMap<>();
    add(codecs, Describe.class, Describe::write, Describe::read);
    add(codecs, Info.class, Info::write, Info::read);
    add(codecs, Has.class, Has::write, Has::read);
    add(codecs, HasReply.class, HasReply::write, HasReply::read);
    add(codecs, Blob.class, Blob::write, Blob::read);
    add(codecs, Put.class, Put::write, Put::read);
    add(codecs, PutReply.class, PutReply::write, PutReply::read);
    add(codecs, Get.class, Get::write, Get::read);
    add(codecs, GetMany.class, GetMany::write, GetMany::read);
    add(codecs, Blobs.class, Blobs::write, Blobs::read);
    add(codecs, Commit.class, Commit::write, Commit::read);
    add(codecs, Snapshot.class, Snapshot::write, Snapshot::read);
    add(codecs, FindSnapshot.class, FindSnapshot::write, FindSnapshot::read);
    add(codecs, ListSnapshots.class, ListSnapshots::write, ListSnapshots::read);
    add(codecs, SnapshotList.class, SnapshotList::write, SnapshotList::read);
    add(codecs, Check.class, Check::write, Check::read);
    add(codecs, CheckReport.class, CheckReport::write, CheckReport::read);
    add(codecs, HashFiles.class, HashFiles::write, HashFiles::read);
    add(codecs, Hashed.class, Hashed::write, Hashed::read);
    add(codecs, RestoreFiles.class, RestoreFiles::write, RestoreFiles::read);
    add(codecs, Restored.class, Restored::write, Restored::read);
    add(codecs, Backup.class, Backup::write, Backup::read);
    add(codecs, Restore.class, Restore::write, Restore::read);
    add(codecs, RestoreSummary.class, RestoreSummary::write, RestoreSummary::read);
    add(codecs, ListTree.class, ListTree::write, ListTree::read);
    add(codecs, Listing.class, Listing::write, Listing::read);
    add(codecs, Progress.class, Progress::write, Progress::read);
    add(codecs, Cancel.class, Cancel::write, Cancel::read);
    add(codecs, CancelReply.class, CancelReply::write, CancelReply::read);
    add(codecs, Stats.class, Stats::write, Stats::read);
    add(codecs, RepositoryStats.class, RepositoryStats::write, RepositoryStats::read);
    add(codecs, Lock.class, Lock::write, Lock::read);
    add(codecs, Locked.class, Locked::write, Locked::read);
    add(codecs, Unlock.class, Unlock::write, Unlock::read);
    add(codecs, Forget.class, Forget::write, Forget::read);
    add(codecs, ForgetReport.class, ForgetReport::write, ForgetReport::read);
    add(codecs, Prune.class, Prune::write, Prune::read);
    add(codecs, PruneReport.class, PruneReport::write, PruneReport::read);
    return Collections.unmodifiableMap(codecs);
  }

  @SuppressWarnings("unchecked")
  private static <T> void registerDefault(EventBus bus, Class<T> type, WireCodec<?> codec) {
    bus.registerDefaultCodec(type, (WireCodec<T>) codec);
  }

  /** The codec of {@code type}, for tests that round-trip messages without an event bus. */
  static <T> WireCodec<T> codec(Class<T> type, BiConsumer<T, WireOut> writer, Function<WireIn, T> reader) {
    return new WireCodec<>("cairn." + type.getSimpleName(), (out, msg) -> writer.accept(msg, out), reader);
  }

  private static <T> void add(Map<Class<?>, WireCodec<?>> codecs, Class<T> type, BiConsumer<T, WireOut> writer,
      Function<WireIn, T> reader) {
    codecs.put(type, codec(type, writer, reader));
  }
}
