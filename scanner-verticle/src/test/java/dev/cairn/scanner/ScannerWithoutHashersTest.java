package dev.cairn.scanner;

import static dev.cairn.scanner.ScannerFixtures.ask;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.Addresses;
import dev.cairn.common.Failures;
import dev.cairn.common.message.ScannerMessages.Backup;
import dev.cairn.common.message.ScannerMessages.Restore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
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

@DisplayName("A scanner on a node without hashers")
@ExtendWith(VertxExtension.class)
class ScannerWithoutHashersTest {
  @TempDir Path work;

  @BeforeEach
  void setUp(Vertx vertx, VertxTestContext ctx) throws IOException {
    Files.writeString(Files.createDirectories(work.resolve("src")).resolve("a.txt"), "a");
    // Hashers run elsewhere in the cluster, none on this node.
    vertx.deployVerticle(new InMemoryStore())
        .compose(id -> vertx.deployVerticle(new ScannerVerticle(ScannerOptions.onNode("lonely", 0, shared ->
            Future.succeededFuture(shared ? 4 : 0)))))
        .onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("refuses a backup of a local source, and a restore, saying why")
  void refusesLocalWork(Vertx vertx, VertxTestContext ctx) {
    ask(vertx, Addresses.SCANNER_BACKUP, new Backup("b", List.of(work.resolve("src").toString()), "h"))
        .onComplete(ctx.failing(backup -> ctx.verify(() -> {
          assertThat(backup).isInstanceOf(ReplyException.class).hasMessageContaining("no hasher runs on the scanner's node");
          assertThat(((ReplyException) backup).failureCode()).isEqualTo(Failures.BAD_INPUT);
          ask(vertx, Addresses.SCANNER_RESTORE, new Restore("r", "latest", work.resolve("out").toString(), null))
              .onComplete(ctx.failing(restore -> ctx.verify(() -> {
                assertThat(restore).hasMessageContaining("no hasher runs on the scanner's node");
                assertThat(work.resolve("out")).doesNotExist();
                ctx.completeNow();
              })));
        })));
  }
}
