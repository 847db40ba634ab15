package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.Addresses;
import dev.cairn.common.message.MaintenanceMessages.Lock;
import dev.cairn.common.message.MaintenanceMessages.PackUse;
import dev.cairn.common.message.MaintenanceMessages.Prune;
import dev.cairn.common.message.MaintenanceMessages.PruneReport;
import dev.cairn.common.message.ScannerMessages.Backup;
import dev.cairn.common.message.Snapshot;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real backup and a real prune at once in one node. The backup reuses a chunk that only a
 * forgotten snapshot needed — the store has told its hasher the chunk exists — and the prune starts
 * just before the backup commits, when its plan sees that chunk as garbage.
 */
@DisplayName("A prune started while a backup runs")
class PruneDuringBackupTest {
  private final SplittableRandom random = new SplittableRandom(17);

  @TempDir Path work;

  private byte[] random(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  @Test
  @DisplayName("never deletes a chunk the backup's snapshot needs: the snapshot restores byte for byte and check passes")
  void backupKeepsWhatItReuses() throws IOException {
    Path repo = work.resolve("repo");
    Path old = Files.createDirectories(work.resolve("old"));
    byte[] reused = random(3 << 20);
    Files.write(old.resolve("reused.bin"), reused);
    Files.write(old.resolve("garbage.bin"), random(5 << 20));
    assertThat(Cli.run("backup", "--init", "--repo", repo.toString(), old.toString()).exitCode()).isZero();
    Files.delete(old.resolve("reused.bin"));
    Files.delete(old.resolve("garbage.bin"));
    Files.writeString(old.resolve("left.txt"), "what is left\n");
    assertThat(Cli.run("backup", "--init", "--repo", repo.toString(), old.toString()).exitCode()).isZero();
    assertThat(Cli.run("forget", "--repo", repo.toString(), "--keep-last", "1").exitCode()).isZero();
    Cli.Result plan = Cli.run("prune", "--repo", repo.toString(), "--dry-run");
    assertThat(plan.lines()).as("before the backup, the chunk's pack is garbage").filteredOn(l -> l.startsWith("would remove pack"))
        .hasSize(1);
    Path source = Files.createDirectories(work.resolve("new"));
    Files.write(source.resolve("same-content.bin"), reused);
    Files.writeString(source.resolve("fresh.txt"), "new today\n");

    Snapshot snapshot;
    PruneReport report;
    try (CairnNode node = CairnNode.open(repo, TestPassword.existing())) {
      Promise<PruneReport> prune = Promise.promise();
      AtomicBoolean started = new AtomicBoolean();
      // The backup renews its lease right before it commits: start the prune then.
      node.bus().addInboundInterceptor(delivery -> {
        if (delivery.body() instanceof Lock lock && lock.renew() && started.compareAndSet(false, true)) {
          Requests.<PruneReport>send(node, Addresses.STORE_PRUNE, new Prune(false)).onComplete(prune);
        }
        delivery.next();
      });
      snapshot = Requests.ask(node, Addresses.SCANNER_BACKUP, new Backup("racing-backup",
          List.of(source.toString()), "test-host"));
      report = Await.result(prune.future());
    }

    assertThat(snapshot.totals().newBytes()).as("the chunk was reused, not stored again").isLessThan(1 << 20);
    // The reused file's chunks, each sealed: a nonce and a tag more than its bytes, nothing else.
    assertThat(report.repacked()).as("the pack is repacked around the reused chunk, not removed")
        .singleElement().extracting(PackUse::liveBytes, org.assertj.core.api.InstanceOfAssertFactories.LONG)
        .isBetween((long) reused.length, (long) reused.length + 1024);
    Cli.Result check = Cli.run("check", "--repo", repo.toString(), "--read-data");
    assertThat(check.exitCode()).as(check.toString()).isZero();
    Path target = work.resolve("restored");
    Cli.Result restore = Cli.run("restore", "--repo", repo.toString(), snapshot.id().hex(), "--target", target.toString());
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    TreeComparison.assertSameTree(source, target.resolve(source.toString().substring(1)));
  }
}
