package dev.cairn.store;

import static dev.cairn.store.StoreFixtures.data;
import static dev.cairn.store.StoreFixtures.file;
import static dev.cairn.store.StoreFixtures.randomBytes;
import static dev.cairn.store.StoreFixtures.snapshot;
import static dev.cairn.store.StoreFixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.Addresses;
import dev.cairn.common.ChunkerParams;
import dev.cairn.common.Failures;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.MaintenanceMessages.Forget;
import dev.cairn.common.message.MaintenanceMessages.ForgetReport;
import dev.cairn.common.message.MaintenanceMessages.KeepRules;
import dev.cairn.common.message.MaintenanceMessages.Lock;
import dev.cairn.common.message.MaintenanceMessages.Prune;
import dev.cairn.common.message.MaintenanceMessages.PruneReport;
import dev.cairn.common.message.MaintenanceMessages.Unlock;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.message.StoreMessages.Blob;
import dev.cairn.common.message.StoreMessages.Check;
import dev.cairn.common.message.StoreMessages.CheckReport;
import dev.cairn.common.message.StoreMessages.Commit;
import dev.cairn.common.message.StoreMessages.Describe;
import dev.cairn.common.message.StoreMessages.Info;
import dev.cairn.common.message.StoreMessages.Get;
import dev.cairn.common.message.StoreMessages.Has;
import dev.cairn.common.message.StoreMessages.HasReply;
import dev.cairn.common.message.StoreMessages.Put;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup and a prune at once, through the store's requests as the scanner and hasher send them,
 * with the interleaving made deterministic: the backup holds its lease and has been told that a
 * chunk in a garbage pack exists before the prune starts.
 */
@DisplayName("Prune racing a backup")
class PruneRaceTest {
  @TempDir Path dir;

  private final SplittableRandom random = new SplittableRandom(41);
  private final List<Blob> garbage = List.of(chunk(), chunk(), chunk(), chunk());
  /** Dead once the old snapshot is forgotten; the racing backup finds it with has and reuses it. */
  private final Blob reused = chunk();
  private final Blob fresh = chunk();
  private final MutableClock clock = new MutableClock();
  private Vertx vertx;

  private Blob chunk() {
    return data(randomBytes(random, 100_000));
  }

  /** The instance of the store under test, as a backup learns it when it begins. */
  private String instance;

  @BeforeEach
  void repositoryWithAForgottenSnapshot() {
    vertx = Vertx.vertx();
    StoreOptions options = new StoreOptions(Duration.ofMinutes(2), Duration.ofSeconds(30), clock);
    await(vertx.deployVerticle(new StoreVerticle(dir, true, ChunkerParams.defaults(), options),
        new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)));
    instance = PruneRaceTest.<Info>await(ask(Addresses.STORE_DESCRIBE, new Describe())).instance();
    List<Blob> old = new ArrayList<>(garbage);
    old.add(reused);
    Blob oldRoot = tree(file("old.bin", old.toArray(Blob[]::new)));
    old.add(oldRoot);
    await(ask(Addresses.STORE_PUT, new Put(StoreFixtures.plain(old))));
    await(ask(Addresses.STORE_COMMIT, new Commit(snapshot(oldRoot, Instant.parse("2025-01-01T00:00:00Z")), instance)));
    Blob keptRoot = tree(file("kept.bin", fresh));
    await(ask(Addresses.STORE_PUT, new Put(StoreFixtures.plain(List.of(fresh, keptRoot)))));
    await(ask(Addresses.STORE_COMMIT, new Commit(snapshot(keptRoot, Instant.parse("2025-01-02T00:00:00Z")), instance)));
    ForgetReport forgot = await(ask(Addresses.STORE_FORGET, new Forget(new KeepRules(1, 0, 0, 0), "UTC", false)));
    assertThat(forgot.removed()).hasSize(1);
  }

  @AfterEach
  void close() {
    await(vertx.close());
  }

  @Test
  @DisplayName("the backup's snapshot keeps the chunk it was told exists, restores byte-identical, and check passes")
  void backupHoldingItsLeaseKeepsItsChunks() {
    await(ask(Addresses.STORE_LOCK, new Lock("backup-1", false)));
    HasReply known = await(ask(Addresses.STORE_HAS, new Has(List.of(reused.id()))));
    assertThat(known.known()).containsExactly(true);

    Future<PruneReport> prune = ask(Addresses.STORE_PRUNE, new Prune(false));
    Blob root = tree(file("new.bin", reused, fresh));
    await(ask(Addresses.STORE_PUT, new Put(StoreFixtures.plain(List.of(root)))));
    Snapshot committed = await(ask(Addresses.STORE_COMMIT, new Commit(snapshot(root, Instant.parse("2025-01-03T00:00:00Z")), instance)));
    await(ask(Addresses.STORE_UNLOCK, new Unlock("backup-1")));
    PruneReport report = await(prune);

    assertThat(report.repacked()).as("the garbage pack is repacked around the reused chunk").hasSize(1);
    assertThat(readData()).isEmpty();
    Blob restored = await(ask(Addresses.STORE_GET, new Get(BlobType.DATA, reused.id())));
    assertThat(restored.bytes()).isEqualTo(reused.bytes());
    Blob rootBack = await(ask(Addresses.STORE_GET, new Get(BlobType.TREE, committed.tree())));
    assertThat(rootBack.bytes()).isEqualTo(root.bytes());
    HasReply gone = await(ask(Addresses.STORE_HAS, new Has(garbage.stream().map(Blob::id).toList())));
    assertThat(gone.known()).containsOnly(false);
  }

  @Test
  @DisplayName("without a lease the same interleaving loses the chunk, which is why backups take one")
  void withoutALeaseTheChunkIsLost() {
    HasReply known = await(ask(Addresses.STORE_HAS, new Has(List.of(reused.id()))));
    assertThat(known.known()).containsExactly(true);

    Future<PruneReport> prune = ask(Addresses.STORE_PRUNE, new Prune(false));
    Blob root = tree(file("new.bin", reused, fresh));
    await(ask(Addresses.STORE_PUT, new Put(StoreFixtures.plain(List.of(root)))));
    await(ask(Addresses.STORE_COMMIT, new Commit(snapshot(root, Instant.parse("2025-01-03T00:00:00Z")), instance)));
    await(prune);

    assertThat(readData()).anySatisfy(p -> assertThat(p).contains(reused.id().shortHex()).contains("not in the index"));
  }

  @Test
  @DisplayName("while a prune waits for a backup, a new job and a second prune are refused clearly; jobs are admitted once it is done")
  void newJobsAreRefusedWhilePruneHoldsTheRepository() {
    await(ask(Addresses.STORE_LOCK, new Lock("backup-1", false)));
    Future<PruneReport> prune = ask(Addresses.STORE_PRUNE, new Prune(false));

    Throwable refused = failure(ask(Addresses.STORE_LOCK, new Lock("backup-2", false)));
    assertRefused(refused, Failures.CONFLICT, "a prune is removing unused data from the repository");
    assertRefused(failure(ask(Addresses.STORE_PRUNE, new Prune(false))), Failures.CONFLICT,
        "another prune is running on this repository");

    await(ask(Addresses.STORE_UNLOCK, new Unlock("backup-1")));
    assertThat(await(prune).removed()).isNotEmpty();
    await(ask(Addresses.STORE_LOCK, new Lock("backup-2", false)));
  }

  @Test
  @DisplayName("a prune that waits longer than its bound for a running backup gives up and deletes nothing")
  void pruneGivesUpWhileABackupRuns() {
    close();
    vertx = Vertx.vertx();
    StoreOptions impatient = new StoreOptions(Duration.ofMinutes(2), Duration.ofMillis(300), clock);
    await(vertx.deployVerticle(new StoreVerticle(dir, false, ChunkerParams.defaults(), impatient),
        new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)));
    await(ask(Addresses.STORE_LOCK, new Lock("backup-1", false)));
    TreeMap<String, byte[]> before = StoreFixtures.contents(dir);

    assertRefused(failure(ask(Addresses.STORE_PRUNE, new Prune(false))), Failures.CONFLICT,
        "a backup or restore is running (job backup-1); prune deleted nothing: prune again later");

    TreeMap<String, byte[]> after = StoreFixtures.contents(dir);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    await(ask(Addresses.STORE_LOCK, new Lock("backup-1", true)));
  }

  @Test
  @DisplayName("a lease not renewed within its bound is dropped as stale: prune goes ahead, and the job's next renewal fails")
  void staleLeaseIsDropped() {
    await(ask(Addresses.STORE_LOCK, new Lock("dead-scanner", false)));
    clock.advance(Duration.ofMinutes(2).plusSeconds(1));

    PruneReport report = await(ask(Addresses.STORE_PRUNE, new Prune(false)));

    assertThat(report.removed()).as("the forgotten snapshot's pack").hasSize(1);
    assertThat(readData()).isEmpty();
    assertRefused(failure(ask(Addresses.STORE_LOCK, new Lock("dead-scanner", true))), Failures.CONFLICT,
        "job dead-scanner lost its lock on the repository");
  }

  @Test
  @DisplayName("a lease renewed by a job that began before the store restarted is granted again and holds prune off")
  void renewalAfterRestartIsGranted() {
    await(ask(Addresses.STORE_LOCK, new Lock("began-before-restart", false)));
    // The store restarts: the lease it granted is gone with it, but the job runs on. A prune waits
    // 300 ms for leases before it gives up, so a lease that holds it off shows in a refusal.
    close();
    vertx = Vertx.vertx();
    StoreOptions options = new StoreOptions(Duration.ofMinutes(2), Duration.ofMillis(300), clock);
    await(vertx.deployVerticle(new StoreVerticle(dir, false, ChunkerParams.defaults(), options),
        new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)));
    TreeMap<String, byte[]> before = StoreFixtures.contents(dir);

    await(ask(Addresses.STORE_LOCK, new Lock("began-before-restart", true)));

    assertRefused(failure(ask(Addresses.STORE_PRUNE, new Prune(false))), Failures.CONFLICT, "job began-before-restart");
    assertThat(StoreFixtures.contents(dir).keySet()).as("the refused prune removed nothing").isEqualTo(before.keySet());
    await(ask(Addresses.STORE_UNLOCK, new Unlock("began-before-restart")));
    PruneReport pruned = await(ask(Addresses.STORE_PRUNE, new Prune(false)));
    assertThat(pruned.removed().size() + pruned.repacked().size()).as("once the job ends, the prune runs").isPositive();
  }

  @Test
  @DisplayName("a lease renewed in time is not stale, however long its job runs")
  void renewedLeaseStays() {
    TreeMap<String, byte[]> before = StoreFixtures.contents(dir);
    close();
    vertx = Vertx.vertx();
    StoreOptions impatient = new StoreOptions(Duration.ofMinutes(2), Duration.ofMillis(300), clock);
    await(vertx.deployVerticle(new StoreVerticle(dir, false, ChunkerParams.defaults(), impatient),
        new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)));
    await(ask(Addresses.STORE_LOCK, new Lock("backup-1", false)));
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofMinutes(1));
      await(ask(Addresses.STORE_LOCK, new Lock("backup-1", true)));
    }

    assertRefused(failure(ask(Addresses.STORE_PRUNE, new Prune(false))), Failures.CONFLICT, "job backup-1");
    assertThat(StoreFixtures.contents(dir).keySet()).isEqualTo(before.keySet());
  }

  private List<String> readData() {
    CheckReport report = await(ask(Addresses.STORE_CHECK, new Check(true)));
    return report.problems();
  }

  private <T> Future<T> ask(String address, Object request) {
    return vertx.eventBus().<T>request(address, request).map(Message::body);
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("request failed: " + e.getCause().getMessage(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static Throwable failure(Future<?> future) {
    try {
      future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("expected the request to be refused");
  }

  private static void assertRefused(Throwable failure, int code, String messagePart) {
    assertThat(failure).isInstanceOf(ReplyException.class).hasMessageContaining(messagePart);
    assertThat(((ReplyException) failure).failureCode()).isEqualTo(code);
  }

  /** A clock the test moves by hand, so lease ages never depend on how fast the machine is. */
  private static final class MutableClock extends Clock {
    private volatile Instant now = Instant.parse("2025-06-01T00:00:00Z");

    void advance(Duration by) {
      now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
