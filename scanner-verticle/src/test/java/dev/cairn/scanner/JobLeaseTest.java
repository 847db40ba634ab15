package dev.cairn.scanner;

import static dev.cairn.scanner.ScannerFixtures.ask;
import static dev.cairn.scanner.ScannerFixtures.deployScanner;
import static dev.cairn.scanner.ScannerFixtures.sourceTree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.Addresses;
import dev.cairn.common.Failures;
import dev.cairn.common.message.MaintenanceMessages.Lock;
import dev.cairn.common.message.ScannerMessages.Backup;
import dev.cairn.common.message.ScannerMessages.Restore;
import dev.cairn.common.message.Snapshot;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A job's lease on the repository")
@ExtendWith(VertxExtension.class)
class JobLeaseTest {
  @TempDir Path base;
  private Path src;
  private InMemoryStore store;

  @BeforeEach
  void setUp(Vertx vertx, VertxTestContext ctx) throws Exception {
    src = sourceTree(base);
    deployScanner(vertx).onComplete(ctx.succeeding(s -> {
      store = s;
      ctx.completeNow();
    }));
  }

  @Test
  @DisplayName("is taken when a backup starts, renewed right before it commits, and released when it ends")
  void backupTakesRenewsAndReleases(Vertx vertx, VertxTestContext ctx) {
    ask(vertx, Addresses.SCANNER_BACKUP, new Backup("job-lease", List.of(src.toString()), "test-host"))
        .compose(snapshot -> ask(vertx, Addresses.SCANNER_RESTORE,
            new Restore("job-restore", ((Snapshot) snapshot).id().hex(), base.resolve("out").toString(), null)))
        .onComplete(ctx.succeeding(summary -> ctx.verify(() -> {
          assertThat(store.lockRequests).startsWith(new Lock("job-lease", false));
          assertThat(store.lockRequests).contains(new Lock("job-lease", true), new Lock("job-restore", false));
          assertThat(store.snapshots()).hasSize(1);
          // A job releases its lease as it ends, beside its answer: wait for the release to arrive.
          vertx.setPeriodic(20, timer -> {
            if (store.leases.isEmpty()) {
              vertx.cancelTimer(timer);
              ctx.completeNow();
            }
          });
        })));
  }

  @Test
  @DisplayName("refused by the store, the backup fails with the store's reason and commits nothing")
  void refusedLeaseFailsTheBackup(Vertx vertx, VertxTestContext ctx) {
    store.refuseLeases = true;
    ask(vertx, Addresses.SCANNER_BACKUP, new Backup("job-refused", List.of(src.toString()), "test-host"))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(e).isInstanceOf(ReplyException.class).hasMessageContaining("a prune is removing unused data");
          assertThat(((ReplyException) e).failureCode()).isEqualTo(Failures.CONFLICT);
          assertThat(store.snapshots()).isEmpty();
          ctx.completeNow();
        })));
  }
}
