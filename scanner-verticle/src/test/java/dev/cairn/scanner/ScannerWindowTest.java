package dev.cairn.scanner;

import static dev.cairn.scanner.ScannerFixtures.ask;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.Addresses;
import dev.cairn.common.message.HasherMessages.FileResult;
import dev.cairn.common.message.HasherMessages.HashFiles;
import dev.cairn.common.message.HasherMessages.Hashed;
import dev.cairn.common.message.Progress;
import dev.cairn.common.message.ScannerMessages.Backup;
import dev.cairn.common.message.ScannerMessages.Cancel;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The scanner's window of batches in a cluster")
@ExtendWith(VertxExtension.class)
class ScannerWindowTest {
  /** Hasher instances in the whole cluster; this node runs one. */
  private static final int CLUSTER_HASHERS = 5;

  @TempDir Path src;
  /** Batches the hashers received and hold unanswered. */
  private final List<Message<HashFiles>> held = new ArrayList<>();
  private final Promise<Void> windowFull = Promise.promise();
  /** The first progress event published once the window is full. */
  private final Promise<Progress> afterFull = Promise.promise();

  @BeforeEach
  void setUp(Vertx vertx, VertxTestContext ctx) throws IOException {
    for (int i = 0; i < 4000; i++) {
      Files.writeString(src.resolve("f" + i), "file " + i);
    }
    vertx.eventBus().<HashFiles>consumer(Addresses.HASHER_FILES, m -> {
      held.add(m);
      if (held.size() == 2 * CLUSTER_HASHERS) {
        windowFull.tryComplete();
      }
    });
    vertx.eventBus().<Progress>consumer(Addresses.SCANNER_PROGRESS, m -> {
      if (windowFull.future().isComplete() && !m.body().finished()) {
        afterFull.tryComplete(m.body());
      }
    });
    HasherCount count = shared -> Future.succeededFuture(shared ? CLUSTER_HASHERS : 1);
    vertx.deployVerticle(new InMemoryStore())
        .compose(id -> vertx.deployVerticle(new ScannerVerticle(ScannerOptions.onNode(ScannerFixtures.NODE, 1, count))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("keeps two batches in flight for every hasher of the cluster when the source is shared")
  void growsWithTheCluster(Vertx vertx, VertxTestContext ctx) {
    Future<Object> backup = ask(vertx, Addresses.SCANNER_BACKUP,
        new Backup("job-w", List.of(src.toString()), "h", false, true));
    windowFull.future().compose(v -> afterFull.future()).onComplete(ctx.succeeding(progress -> {
      ctx.verify(() -> {
        assertThat(progress.queues().batchesInFlight()).isEqualTo(2 * CLUSTER_HASHERS);
        assertThat(held).hasSize(2 * CLUSTER_HASHERS);
      });
      ask(vertx, Addresses.SCANNER_CANCEL, new Cancel("job-w")).onComplete(ctx.succeeding(reply -> {
        for (Message<HashFiles> m : held) {
          m.reply(new Hashed(m.body().files().stream()
              .map(task -> new FileResult(task.node().withContent(0, List.of()), null, 0, 0)).toList()));
        }
        backup.onComplete(done -> ctx.completeNow());
      }));
    }));
  }
}
