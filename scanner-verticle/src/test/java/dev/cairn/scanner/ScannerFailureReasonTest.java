package dev.cairn.scanner;

import static dev.cairn.scanner.ScannerFixtures.ask;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.Addresses;
import dev.cairn.common.Failures;
import dev.cairn.common.message.Codecs;
import dev.cairn.common.message.HasherMessages.HashFiles;
import dev.cairn.common.message.Progress;
import dev.cairn.common.message.ScannerMessages.Backup;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
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

@DisplayName("A backup that fails for a reason nobody wrote down")
@ExtendWith(VertxExtension.class)
class ScannerFailureReasonTest {
  @TempDir Path work;
  /** The job's last progress event, the one with its outcome. */
  private final Promise<Progress> last = Promise.promise();

  /** A hasher that fails every batch with an internal error and no message, as a defect might. */
  private static final class ReasonlessHasher extends VerticleBase {
    @Override
    public Future<?> start() {
      Codecs.register(vertx);
      return Future.all(
          vertx.eventBus().<HashFiles>consumer(Addresses.hasherFilesOn(ScannerFixtures.NODE), this::fail).completion(),
          vertx.eventBus().<HashFiles>consumer(Addresses.HASHER_FILES, this::fail).completion());
    }

    private void fail(Message<HashFiles> m) {
      m.fail(Failures.INTERNAL, null);
    }
  }

  @BeforeEach
  void setUp(Vertx vertx, VertxTestContext ctx) throws IOException {
    Files.writeString(Files.createDirectories(work.resolve("src")).resolve("a.txt"), "a");
    vertx.eventBus().<Progress>consumer(Addresses.SCANNER_PROGRESS, m -> {
      if (m.body().outcome() != null) {
        last.tryComplete(m.body());
      }
    });
    vertx.deployVerticle(new InMemoryStore())
        .compose(id -> vertx.deployVerticle(new ReasonlessHasher()))
        .compose(id -> vertx.deployVerticle(new ScannerVerticle(ScannerOptions.onNode(ScannerFixtures.NODE, 2,
            HasherCount.fixed(2)))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("fails saying how the request failed and with what code, in its reply and its last event, never \"null\"")
  void reasonIsNeverNull(Vertx vertx, VertxTestContext ctx) {
    ask(vertx, Addresses.SCANNER_BACKUP, new Backup("b", List.of(work.resolve("src").toString()), "h"))
        .onComplete(ctx.failing(e -> last.future().onComplete(ctx.succeeding(ended -> ctx.verify(() -> {
          String reason = "a request failed (recipient failure, code 500) without a reason";
          assertThat(e).isInstanceOf(ReplyException.class).hasMessage(reason);
          assertThat(((ReplyException) e).failureCode()).isEqualTo(Failures.INTERNAL);
          assertThat(ended.outcome()).isEqualTo(Progress.FAILED);
          assertThat(ended.detail()).isEqualTo(reason);
          ctx.completeNow();
        })))));
  }
}
