package dev.cairn.scanner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.Addresses;
import dev.cairn.common.message.HasherMessages.HashFiles;
import dev.cairn.common.message.ScannerMessages.Backup;
import dev.cairn.common.message.Snapshot;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scanner under heap pressure: while the heap reads above its high mark, a backup keeps one
 * batch at hashers, and still completes. Batches in flight are counted exactly, from each request
 * to the hashers to the delivery of its reply.
 */
@DisplayName("The heap throttle of a backup")
class HeapThrottleTest {
  private static final int FILES = 1_200;

  @TempDir Path base;
  private final Vertx vertx = Vertx.vertx();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();
  private final AtomicInteger batches = new AtomicInteger();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Runs a backup of {@value #FILES} small files with the heap reading {@code heapPercent}. */
  private Snapshot backUp(LongSupplier heapPercent) throws Exception {
    Path src = Files.createDirectories(base.resolve("src"));
    for (int i = 0; i < FILES; i++) {
      Files.writeString(src.resolve("f" + i), "file " + i);
    }
    InMemoryStore store = new InMemoryStore();
    Set<String> replyAddresses = ConcurrentHashMap.newKeySet();
    vertx.eventBus().addInboundInterceptor(ctx -> {
      Message<?> m = ctx.message();
      if (m.body() instanceof HashFiles) {
        replyAddresses.add(m.replyAddress());
        batches.incrementAndGet();
        mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        vertx.setTimer(10, t -> ctx.next()); // slow hashers, so batches would pile up if allowed
        return;
      }
      if (replyAddresses.remove(m.address())) {
        inFlight.decrementAndGet();
      }
      ctx.next();
    });
    ScannerOptions options = ScannerOptions.onNode(ScannerFixtures.NODE, 2, HasherCount.fixed(2)).withHeap(heapPercent);
    Future<Snapshot> snapshot = vertx.deployVerticle(store)
        .compose(id -> vertx.deployVerticle(() -> new StubHasher(store),
            new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setInstances(2)))
        .compose(id -> vertx.deployVerticle(new ScannerVerticle(options)))
        .compose(id -> ScannerFixtures.ask(vertx, Addresses.SCANNER_BACKUP,
            new Backup("heap-job", List.of(src.toString()), "test-host")));
    return snapshot.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("with the heap above its high mark, one batch at a time goes to hashers and the backup completes")
  void oneBatchUnderPressure() throws Exception {
    Snapshot snapshot = backUp(() -> 95);
    assertThat(snapshot.totals().files()).isEqualTo(FILES);
    assertThat(batches.get()).isGreaterThan(4);
    assertThat(mostInFlight.get()).isEqualTo(1);
    assertThat(inFlight.get()).as("every batch answered").isZero();
  }

  @Test
  @DisplayName("with room on the heap, the window fills to its bound and no further")
  void fullWindowWithoutPressure() throws Exception {
    Snapshot snapshot = backUp(() -> 10);
    assertThat(snapshot.totals().files()).isEqualTo(FILES);
    int bound = ScannerOptions.forHashers(2).batchesInFlight();
    assertThat(mostInFlight.get()).isGreaterThan(1).isLessThanOrEqualTo(bound);
    assertThat(inFlight.get()).isZero();
  }
}
