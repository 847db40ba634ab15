package dev.cairn.scanner;

import static dev.cairn.scanner.ScannerFixtures.ask;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.Addresses;
import dev.cairn.common.message.Progress;
import dev.cairn.common.message.ScannerMessages.Backup;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Where the scanner sends a backup's batches")
@ExtendWith(VertxExtension.class)
class ScannerWorkersTest {
  /** More files than one batch holds, so a backup sends several batches. */
  private static final int FILES = 700;

  @TempDir Path src;

  @BeforeEach
  void setUp(Vertx vertx, VertxTestContext ctx) throws IOException {
    for (int i = 0; i < FILES; i++) {
      Files.writeString(src.resolve("f" + i), "file number " + i);
    }
    InMemoryStore store = new InMemoryStore();
    DeploymentOptions worker = new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER);
    vertx.deployVerticle(store)
        .compose(id -> vertx.deployVerticle(new StubHasher(store), worker))
        .compose(id -> vertx.deployVerticle(new StubHasher(store, "node-b", false), worker))
        .compose(id -> vertx.deployVerticle(
            new ScannerVerticle(ScannerOptions.onNode(ScannerFixtures.NODE, 1, HasherCount.fixed(2)))))
        .onComplete(ctx.succeedingThenComplete());
  }

  /** Backs up the source and completes with the job's last progress event. */
  private Future<Progress> backup(Vertx vertx, String jobId, boolean shared) {
    Promise<Progress> last = Promise.promise();
    vertx.eventBus().<Progress>consumer(Addresses.SCANNER_PROGRESS, m -> {
      if (m.body().jobId().equals(jobId) && m.body().finished()) {
        last.tryComplete(m.body());
      }
    });
    return ask(vertx, Addresses.SCANNER_BACKUP, new Backup(jobId, List.of(src.toString()), "h", false, shared))
        .compose(snapshot -> last.future());
  }

  @Test
  @DisplayName("sends a shared source's batches to hashers on every node, and counts what each did")
  void sharedSourceReachesEveryNode(Vertx vertx, VertxTestContext ctx) {
    backup(vertx, "job-shared", true).onComplete(ctx.succeeding(last -> ctx.verify(() -> {
      assertThat(last.outcome()).isEqualTo(Progress.SUCCEEDED);
      assertThat(last.workers()).extracting(Progress.Worker::node)
          .containsExactlyInAnyOrder(ScannerFixtures.NODE, "node-b");
      assertThat(last.workers()).allSatisfy(w -> assertThat(w.files()).isPositive());
      assertThat(last.workers().stream().mapToLong(Progress.Worker::files).sum()).isEqualTo(FILES);
      assertThat(last.workers().stream().mapToLong(Progress.Worker::bytes).sum())
          .isEqualTo(last.counters().bytesRead());
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("sends a local source's batches only to the hashers of the scanner's node")
  void localSourceStaysOnItsNode(Vertx vertx, VertxTestContext ctx) {
    backup(vertx, "job-local", false).onComplete(ctx.succeeding(last -> ctx.verify(() -> {
      assertThat(last.outcome()).isEqualTo(Progress.SUCCEEDED);
      assertThat(last.workers()).singleElement().satisfies(w -> {
        assertThat(w.node()).isEqualTo(ScannerFixtures.NODE);
        assertThat(w.files()).isEqualTo(FILES);
      });
      ctx.completeNow();
    })));
  }
}
