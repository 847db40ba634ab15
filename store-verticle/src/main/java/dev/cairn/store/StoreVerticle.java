package dev.cairn.store;

import dev.cairn.common.Addresses;
import dev.cairn.common.ChunkerParams;
import dev.cairn.common.crypto.Keyring;
import dev.cairn.common.Failures;
import dev.cairn.common.Slabs;
import dev.cairn.common.message.Codecs;
import dev.cairn.common.message.StoreMessages;
import dev.cairn.common.message.StoreMessages.Check;
import dev.cairn.common.message.StoreMessages.CheckReport;
import dev.cairn.common.message.StoreMessages.Commit;
import dev.cairn.common.message.StoreMessages.Describe;
import dev.cairn.common.message.StoreMessages.FindSnapshot;
import dev.cairn.common.message.StoreMessages.Get;
import dev.cairn.common.message.StoreMessages.Has;
import dev.cairn.common.message.StoreMessages.HasReply;
import dev.cairn.common.message.StoreMessages.ListSnapshots;
import dev.cairn.common.message.StoreMessages.Put;
import dev.cairn.common.message.StoreMessages.SnapshotList;
import dev.cairn.common.message.MaintenanceMessages.Stats;
import dev.cairn.common.ChunkId;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.StoreMessages.Blob;
import dev.cairn.common.message.StoreMessages.Blobs;
import dev.cairn.common.message.StoreMessages.GetMany;
import dev.cairn.store.Repository.Located;
import dev.cairn.common.message.MaintenanceMessages.Forget;
import dev.cairn.common.message.MaintenanceMessages.Lock;
import dev.cairn.common.message.MaintenanceMessages.Locked;
import dev.cairn.common.message.MaintenanceMessages.Prune;
import dev.cairn.common.message.MaintenanceMessages.Unlock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Set;
import io.vertx.core.WorkerExecutor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * StoreVerticle serves one repository on the {@code cairn.store.*} addresses.
 *
 * <p>It must be deployed as a single {@code WORKER} instance: the repository is written from one
 * thread, in arrival order, and its file I/O never runs on an event loop. It also keeps the leases
 * of running jobs, which a prune waits for before it deletes anything.
 */
public final class StoreVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(StoreVerticle.class.getName());
  /** How often a waiting prune looks whether the leases it waits for have ended. */
  private static final long LEASE_POLL_MILLIS = 100;

  private final Path directory;
  private final RepositorySetup setup;
  private final StoreOptions options;
  private final Keyring keyring;
  private final Leases leases;
  private Repository repository;
  /** Every reply names the repository it comes from, so a job can refuse a store of another one. */
  private DeliveryOptions signed;
  /** Reads and verifies sealed blobs on every core, off the thread that writes the repository. */
  private WorkerExecutor readers;

  /**
   * Serves the plain-text repository in {@code directory}; with {@code create}, makes one there if it
   * is missing, chunking with {@code chunkerForNew}.
   */
  public StoreVerticle(Path directory, boolean create, ChunkerParams chunkerForNew) {
    this(directory, create, chunkerForNew, StoreOptions.defaults());
  }

  /** Serves the repository as the constructor above does, with the lease and prune bounds of {@code options}. */
  public StoreVerticle(Path directory, boolean create, ChunkerParams chunkerForNew, StoreOptions options) {
    this(directory, RepositorySetup.plainText(create, chunkerForNew), options, Keyring.withoutPassword());
  }

  /**
   * Serves the repository in {@code directory}, opened as {@code setup} says, with the lease and
   * prune bounds of {@code options}; its codec goes into {@code keyring} for the node's other roles.
   */
  public StoreVerticle(Path directory, RepositorySetup setup, StoreOptions options, Keyring keyring) {
    this.directory = directory;
    this.setup = setup;
    this.options = options;
    this.keyring = keyring;
    this.leases = new Leases(options.clock(), options.staleAfter());
  }

  @Override
  public Future<?> start() {
    Codecs.register(vertx);
    try {
      repository = Repository.open(directory, setup);
    } catch (RepositoryException e) {
      return Future.failedFuture(e);
    }
    keyring.remember(repository.info().repositoryId(), repository.codec());
    signed = new DeliveryOptions().addHeader(StoreMessages.REPOSITORY_HEADER, repository.info().repositoryId());
    readers = vertx.createSharedWorkerExecutor("cairn-store-read", Runtime.getRuntime().availableProcessors());
    EventBus bus = vertx.eventBus();
    List<MessageConsumer<?>> consumers = List.of(
        bus.consumer(Addresses.STORE_DESCRIBE, answer((Describe d) -> repository.info())),
        bus.consumer(Addresses.STORE_HAS, answer((Has h) -> new HasReply(repository.has(h.ids())))),
        bus.consumer(Addresses.STORE_PUT, answer((Put p) -> repository.put(p.blobs()))),
        bus.consumer(Addresses.STORE_GET, answer((Get g) -> repository.get(g.type(), g.id()))),
        bus.consumer(Addresses.STORE_GET_MANY, this::getMany),
        bus.consumer(Addresses.STORE_COMMIT, answer((Commit c) -> repository.commit(c.snapshot(), c.storeInstance()))),
        bus.consumer(Addresses.STORE_SNAPSHOT, answer((FindSnapshot f) -> repository.findSnapshot(f.ref()))),
        bus.consumer(Addresses.STORE_SNAPSHOTS, answer((ListSnapshots l) -> list())),
        bus.consumer(Addresses.STORE_CHECK, answer(this::check)),
        bus.consumer(Addresses.STORE_STATS, answer((Stats s) -> repository.stats())),
        bus.consumer(Addresses.STORE_LOCK, answer(this::lock)),
        bus.consumer(Addresses.STORE_UNLOCK, answer((Unlock u) -> {
          leases.release(u.jobId());
          return u;
        })),
        bus.consumer(Addresses.STORE_FORGET, answer((Forget f) -> repository.forget(f.rules(), zone(f.zone()), f.dryRun()))),
        bus.consumer(Addresses.STORE_PRUNE, this::prune));
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList());
  }

  /** The readable snapshots, and a line naming each snapshot file left out as damaged. */
  private SnapshotList list() {
    SnapshotFiles.Listing listing = repository.snapshotFiles().listing();
    return new SnapshotList(listing.snapshots(), listing.damaged());
  }

  private CheckReport check(Check c) {
    PackSample sample;
    try {
      sample = PackSample.parse(c.subset());
    } catch (IllegalArgumentException e) {
      throw new RepositoryException(Failures.BAD_INPUT, "subset of packs to read: " + e.getMessage(), e);
    }
    return repository.check(c.readData(), sample, c.seed());
  }

  @Override
  public Future<?> stop() {
    if (repository != null) {
      repository.close();
    }
    return readers == null ? Future.succeededFuture() : readers.close();
  }

  /**
   * Answers {@link GetMany}: blobs are located here, on the writer's thread, then read in pack
   * order and verified on the read pool, into one {@link Slabs} slab in the order asked.
   */
  private void getMany(Message<GetMany> message) {
    List<Located> wanted = new ArrayList<>();
    try {
      long bytes = 0;
      for (ChunkId id : message.body().ids()) {
        Located at = repository.locate(BlobType.DATA, id);
        if (!wanted.isEmpty() && bytes + at.rawLength() > message.body().maxBytes()) {
          break;
        }
        wanted.add(at);
        bytes += at.rawLength();
      }
    } catch (RepositoryException e) {
      message.fail(e.code(), e.getMessage());
      return;
    }
    readers.executeBlocking(() -> {
      Integer[] order = new Integer[wanted.size()];
      int[] at = new int[wanted.size() + 1];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
        at[i + 1] = at[i] + wanted.get(i).rawLength();
      }
      Arrays.sort(order, PACK_ORDER.apply(wanted));
      ByteBuffer slab = Slabs.take(at[order.length]);
      try {
        Blob[] blobs = new Blob[wanted.size()];
        for (int i : order) {
          blobs[i] = repository.read(wanted.get(i), slab.slice(at[i], at[i + 1] - at[i]));
        }
        return new Blobs(Arrays.asList(blobs), slab);
      } catch (RuntimeException e) {
        Slabs.give(slab);
        throw e;
      }
    }, false).onSuccess(reply -> message.reply(reply, signed)).onFailure(e -> fail(message, e));
  }

  private Locked lock(Lock request) {
    if (request.renew()) {
      leases.renew(request.jobId());
    } else {
      leases.take(request.jobId());
    }
    return new Locked(request.jobId(), leases.staleAfter().toMillis());
  }

  /**
   * Answers {@link Prune}: plans while jobs run (marking reads every snapshot's trees), then, for
   * a real run, refuses new leases, waits for the held ones to end and deletes in one step on this
   * thread, so no job runs while packs disappear.
   */
  private void prune(Message<Prune> message) {
    if (!message.body().dryRun() && leases.exclusive()) {
      message.fail(Failures.CONFLICT, "another prune is running on this repository");
      return;
    }
    Pruner pruner = new Pruner(repository);
    Pruner.Plan plan;
    try {
      plan = pruner.plan();
    } catch (RuntimeException e) {
      fail(message, e);
      return;
    }
    if (message.body().dryRun() || plan.changesNothing()) {
      message.reply(plan.report(message.body().dryRun(), plan.estimatedBytesAfter()), signed);
      return;
    }
    leases.beginExclusive();
    whenNoLeases()
        .map(v -> pruner.prune(plan))
        .andThen(done -> leases.endExclusive())
        .onSuccess(report -> message.reply(report, signed))
        .onFailure(e -> fail(message, e));
  }

  /** Completes when no job holds a lease, or fails once {@code pruneWait} has passed with some still held. */
  private Future<Void> whenNoLeases() {
    if (leases.active().isEmpty()) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    long ticks = Math.max(1, options.pruneWait().toMillis() / LEASE_POLL_MILLIS);
    long[] waited = {0};
    vertx.setPeriodic(LEASE_POLL_MILLIS, timer -> {
      Set<String> jobs = leases.active();
      if (jobs.isEmpty()) {
        vertx.cancelTimer(timer);
        done.tryComplete();
      } else if (++waited[0] >= ticks) {
        vertx.cancelTimer(timer);
        done.tryFail(new RepositoryException(Failures.CONFLICT, "a backup or restore is running (job "
            + String.join(", ", jobs) + "); prune deleted nothing: prune again later"));
      }
    });
    return done.future();
  }

  private static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw new RepositoryException(Failures.BAD_INPUT, "unknown time zone '" + id + "'");
    }
  }

  /** Orders located blobs as they lie on disk: by pack, then by offset. */
  private static final Function<List<Located>, Comparator<Integer>> PACK_ORDER = list -> Comparator
      .comparing((Integer i) -> list.get(i).pack(), Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparingLong(i -> list.get(i).offset());

  /** Answers each request with {@code handler}'s result, or fails it with the failure's code and reason. */
  private <T> io.vertx.core.Handler<Message<T>> answer(Function<T, ?> handler) {
    return message -> {
      try {
        message.reply(handler.apply(message.body()), signed);
      } catch (RuntimeException e) {
        fail(message, e);
      }
    };
  }

  private static void fail(Message<?> message, Throwable e) {
    if (e instanceof RepositoryException re) {
      message.fail(re.code(), re.getMessage());
    } else {
      LOG.log(Level.SEVERE, "store request failed", e);
      message.fail(Failures.INTERNAL, "store failed: " + e);
    }
  }
}
