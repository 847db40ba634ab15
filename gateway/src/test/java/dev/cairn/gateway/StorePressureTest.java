package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.common.Addresses;
import dev.cairn.common.message.HasherMessages.HashFiles;
import dev.cairn.common.Failures;
import dev.cairn.common.message.ScannerMessages.Backup;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.pressure.StoreBreaker;
import dev.cairn.scanner.ScannerOptions;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.Message;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups against a real store that is slow, busy for a while, or gone: the scanner holds its
 * window, requests are retried, the breaker opens and closes, and a store that stays down fails
 * the job with a message that says so. The store's replies are delayed or failed by an event-bus
 * interceptor on its real addresses; everything else is a real node on a real repository.
 */
@DisplayName("A backup under store pressure")
class StorePressureTest {
  @TempDir Path work;

  private Path source() throws Exception {
    // 1,600 small files: seven batches of 256, so the window fills and drains several times.
    return SampleTree.random(work.resolve("src"), 16, 100, 4096, 5);
  }

  private static Snapshot backup(CairnNode node, Path source) {
    return Requests.ask(node, Addresses.SCANNER_BACKUP,
        new Backup(Requests.newJobId(), List.of(source.toString()), "test-host", false));
  }

  /** Makes every store request matching {@code which} pass through {@code interceptor} first. */
  private static void intercept(CairnNode node, Predicate<String> which,
      java.util.function.Consumer<DeliveryContext<Object>> interceptor) {
    node.bus().addInboundInterceptor(ctx -> {
      if (ctx.message().address().startsWith("cairn.store.") && which.test(ctx.message().address())) {
        interceptor.accept(ctx);
      } else {
        ctx.next();
      }
    });
  }

  private void restoresIdentically(Path repo, Path source) throws Exception {
    Path target = work.resolve("restored");
    Cli.Result restore = Cli.run("restore", "--repo", repo.toString(), "latest", "--target", target.toString());
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    TreeComparison.assertSameTree(source, target.resolve(source.toString().substring(1)));
    Cli.Result check = Cli.run("check", "--repo", repo.toString(), "--read-data");
    assertThat(check.exitCode()).as(check.toString()).isZero();
  }

  @Test
  @DisplayName("a slow store slows the scanner down: its batches in flight never pass the bound, and the backup is whole")
  void slowStore() throws Exception {
    Path source = source();
    Path repo = work.resolve("repo");
    int bound = ScannerOptions.forHashers(Runtime.getRuntime().availableProcessors()).batchesInFlight();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger mostInFlight = new AtomicInteger();
    AtomicInteger batchesSent = new AtomicInteger();
    Set<String> replyAddresses = ConcurrentHashMap.newKeySet();
    try (CairnNode node = CairnNode.open(repo, true)) {
      intercept(node, a -> true, ctx -> node.vertx().setTimer(15, t -> ctx.next()));
      // Batches in flight, counted exactly: from each request to the hashers to the delivery of its reply.
      node.bus().addInboundInterceptor(ctx -> {
        if (ctx.message().body() instanceof HashFiles) {
          replyAddresses.add(ctx.message().replyAddress());
          batchesSent.incrementAndGet();
          mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        } else if (replyAddresses.remove(ctx.message().address())) {
          inFlight.decrementAndGet();
        }
        ctx.next();
      });
      Snapshot snapshot = backup(node, source);
      assertThat(snapshot.totals().files()).isEqualTo(1_600);
    }
    assertThat(batchesSent.get()).as("the window filled and drained more than once").isGreaterThan(bound);
    assertThat(mostInFlight.get()).as("batches at hashers").isBetween(1, bound);
    assertThat(inFlight.get()).as("every batch answered").isZero();
    restoresIdentically(repo, source);
  }

  @Test
  @DisplayName("a store that fails five requests in a row and recovers: they are retried, the breaker opens and closes, the backup is whole")
  void storeRecovers() throws Exception {
    Path source = source();
    Path repo = work.resolve("repo");
    AtomicInteger refused = new AtomicInteger();
    StoreBreaker breaker;
    try (CairnNode node = CairnNode.open(repo, true)) {
      // Every store request fails until five have: no success can reset the breaker's count, so it
      // opens; the trial after it half-opens succeeds.
      intercept(node, a -> true, ctx -> {
        if (refused.incrementAndGet() <= 5) {
          ((Message<Object>) ctx.message()).fail(Failures.UNAVAILABLE, "store busy");
        } else {
          ctx.next();
        }
      });
      breaker = StoreBreaker.of(node.vertx());
      backup(node, source);
      assertThat(breaker.timesOpened()).as("five failures in a row open it").isPositive();
      assertThat(breaker.state()).isEqualTo(StoreBreaker.State.CLOSED);
    }
    restoresIdentically(repo, source);
  }

  @Test
  @DisplayName("a store that stays down fails the backup cleanly, saying the store is unavailable, with the breaker open")
  void storeStaysDown() throws Exception {
    Path source = source();
    Path repo = work.resolve("repo");
    try (CairnNode node = CairnNode.open(repo, true)) {
      intercept(node, Addresses.STORE_PUT::equals,
          ctx -> ((Message<Object>) ctx.message()).fail(Failures.UNAVAILABLE, "store down"));
      assertThatThrownBy(() -> backup(node, source)).hasMessageContaining("the store is unavailable")
          .hasMessageContaining("cairn.store.put");
      // The breaker opened; the store still answers the job's release of its lease, which may close it again.
      assertThat(StoreBreaker.of(node.vertx()).timesOpened()).isPositive();
    }
    Cli.Result check = Cli.run("check", "--repo", repo.toString());
    assertThat(check.exitCode()).as(check.toString()).isZero();
    Cli.Result snapshots = Cli.run("snapshots", "--repo", repo.toString(), "--json");
    assertThat(new io.vertx.core.json.JsonArray(snapshots.out())).as("nothing committed").isEmpty();
  }
}
