package dev.cairn.scanner;

import static dev.cairn.scanner.ScannerFixtures.ask;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.Addresses;
import dev.cairn.common.Failures;
import dev.cairn.common.message.HasherMessages.FileResult;
import dev.cairn.common.message.HasherMessages.HashFiles;
import dev.cairn.common.message.HasherMessages.Hashed;
import dev.cairn.common.message.Progress;
import dev.cairn.common.message.ScannerMessages.Backup;
import dev.cairn.common.message.ScannerMessages.Cancel;
import dev.cairn.common.message.ScannerMessages.CancelReply;
import dev.cairn.common.message.Snapshot;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
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

@DisplayName("Cancelling a backup in the scanner")
@ExtendWith(VertxExtension.class)
class ScannerCancelTest {
  /** Batches the scanner keeps at hashers at once, for two hashers. */
  private static final int WINDOW = ScannerOptions.forHashers(2).batchesInFlight();

  @TempDir Path base;
  private Path src;
  private final InMemoryStore store = new InMemoryStore();
  /** Batches a hasher received and holds unanswered until the test lets them go. */
  private final List<Message<HashFiles>> held = new ArrayList<>();
  private final Promise<Void> windowFull = Promise.promise();
  private final Promise<Progress> ended = Promise.promise();
  /** The first event that knows the job's total while the walk, held back by the hashers, does not. */
  private final Promise<Progress> estimated = Promise.promise();

  @BeforeEach
  void setUp(Vertx vertx, VertxTestContext ctx) throws IOException {
    src = base.toRealPath().resolve("src");
    for (int dir = 0; dir < 3; dir++) {
      Path d = Files.createDirectories(src.resolve("d" + dir));
      for (int i = 0; i < 600; i++) {
        Files.writeString(d.resolve("f" + i), "file " + dir + "/" + i);
      }
    }
    vertx.eventBus().<Progress>consumer(Addresses.SCANNER_PROGRESS, m -> {
      if (m.body().finished()) {
        ended.tryComplete(m.body());
      } else if (m.body().counters().totalKnown() && !m.body().counters().walkDone()) {
        estimated.tryComplete(m.body());
      }
    });
    vertx.eventBus().<HashFiles>consumer(Addresses.hasherFilesOn(ScannerFixtures.NODE), m -> {
      held.add(m);
      if (held.size() == WINDOW) {
        windowFull.tryComplete();
      }
    });
    vertx.deployVerticle(store)
        .compose(id -> vertx.deployVerticle(
            new ScannerVerticle(ScannerOptions.onNode(ScannerFixtures.NODE, 2, HasherCount.fixed(2)))))
        .onComplete(ctx.succeedingThenComplete());
  }

  private void answerHeld() {
    for (Message<HashFiles> m : held) {
      List<FileResult> results = m.body().files().stream()
          .map(task -> new FileResult(task.node().withContent(0, List.of()), null, 0, 0)).toList();
      m.reply(new Hashed(results));
    }
  }

  @Test
  @DisplayName("knows the total early, then stops the walk, sends no more batches, waits for those at hashers, and commits nothing")
  void cancelsMidJob(Vertx vertx, VertxTestContext ctx) {
    Future<Snapshot> backup = ask(vertx, Addresses.SCANNER_BACKUP, new Backup("job-c", List.of(src.toString()), "h"));
    Future.all(windowFull.future(), estimated.future())
        .compose(v -> {
          ctx.verify(() -> {
            Progress.Counters early = estimated.future().result().counters();
            assertThat(early.filesTotal()).isEqualTo(1800);
            assertThat(early.bytesTotal()).isGreaterThan(early.bytesFound());
            assertThat(estimated.future().result().rates().etaMillis()).isNotZero();
          });
          return ask(vertx, Addresses.SCANNER_CANCEL, new Cancel("job-c"));
        })
        .compose(reply -> {
          ctx.verify(() -> {
            assertThat(((CancelReply) reply).stopping()).isTrue();
            assertThat(backup.isComplete()).as("the job waits for the batches at hashers").isFalse();
          });
          answerHeld();
          return backup.transform(done -> Future.succeededFuture(done.cause()));
        })
        .compose(failure -> ended.future().map(last -> {
          ctx.verify(() -> {
            assertThat(failure).isInstanceOf(ReplyException.class);
            assertThat(((ReplyException) failure).failureCode()).isEqualTo(Failures.CANCELLED);
            assertThat(last.outcome()).isEqualTo(Progress.CANCELLED);
            assertThat(last.counters().walkDone()).isFalse();
            assertThat(held).hasSize(WINDOW);
            assertThat(store.snapshots()).isEmpty();
          });
          return last;
        }))
        .compose(v -> ask(vertx, Addresses.SCANNER_CANCEL, new Cancel("job-c")))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(((CancelReply) reply).stopping()).as("a job that has ended is not stopping").isFalse();
          ctx.completeNow();
        })));
  }
}
