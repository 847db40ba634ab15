package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.Addresses;
import dev.cairn.common.message.ScannerMessages.Backup;
import dev.cairn.common.message.ScannerMessages.Restore;
import dev.cairn.common.message.ScannerMessages.RestoreSummary;
import dev.cairn.common.message.Snapshot;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * Rounds runs backups and restores of real trees into real repositories as a user would, and a
 * backup with a hand on the event bus for cases that need an exact moment (a file deleted after
 * the scan, a file changed while it is read).
 */
final class Rounds {
  private Rounds() {}

  /** Backs up {@code sources} into {@code repo} with the command line. */
  static Cli.Result backup(Path repo, Path... sources) {
    String[] args = new String[4 + sources.length];
    args[0] = "backup";
    args[1] = "--init";
    args[2] = "--repo";
    args[3] = repo.toString();
    for (int i = 0; i < sources.length; i++) {
      args[4 + i] = sources[i].toString();
    }
    return Cli.run(args);
  }

  /**
   * Backs up {@code sources} into {@code repo}, made plain text if it is new: for tests that damage
   * files whose plain-text layout they know.
   */
  static Cli.Result backupPlainText(Path repo, Path... sources) {
    String[] args = new String[5 + sources.length];
    System.arraycopy(new String[] {"backup", "--init", "--no-encryption", "--repo", repo.toString()}, 0, args, 0, 5);
    for (int i = 0; i < sources.length; i++) {
      args[5 + i] = sources[i].toString();
    }
    return Cli.run(args);
  }

  /** Restores the latest snapshot of {@code repo} under {@code target} with the command line. */
  static Cli.Result restore(Path repo, Path target, String... extra) {
    String[] args = new String[6 + extra.length];
    args[0] = "restore";
    args[1] = "--repo";
    args[2] = repo.toString();
    args[3] = "latest";
    args[4] = "--target";
    args[5] = target.toString();
    System.arraycopy(extra, 0, args, 6, extra.length);
    return Cli.run(args);
  }

  /** Where {@code source} comes back under {@code target}. */
  static Path restoredAt(Path target, Path source) {
    return target.resolve(source.toString().substring(1));
  }

  /** The latest snapshot of {@code repo}, as {@code snapshots --json} prints it. */
  static JsonObject latest(Path repo) {
    Cli.Result r = Cli.run("snapshots", "--repo", repo.toString(), "--json");
    assertThat(r.exitCode()).as(r.toString()).isZero();
    JsonArray all = new JsonArray(r.out());
    return all.getJsonObject(all.size() - 1);
  }

  /**
   * Backs up {@code source} into {@code repo} on a node of its own, calling {@code hand} with every
   * message of {@code type} sent, whatever its address, before it is delivered, on the sender's thread.
   */
  static Snapshot backupWatching(Path repo, Path source, Class<?> type, Consumer<Object> hand) {
    try (CairnNode node = CairnNode.open(repo, TestPassword.creating())) {
      node.bus().addOutboundInterceptor((DeliveryContext<Object> delivery) -> {
        if (type.isInstance(delivery.message().body())) {
          hand.accept(delivery.message().body());
        }
        delivery.next();
      });
      return Requests.ask(node, Addresses.SCANNER_BACKUP,
          new Backup(Requests.newJobId(), List.of(source.toString()), "test-host", false));
    }
  }

  /**
   * Restores the latest snapshot of {@code repo} under {@code target} on a node of its own, as the
   * command line does (only {@code include}, if not {@code null}), calling {@code hand} with every message of {@code type} sent, before it is
   * delivered, on the sender's thread.
   */
  static RestoreSummary restoreWatching(Path repo, Path target, String include, Class<?> type, Consumer<Object> hand) {
    try (CairnNode node = CairnNode.open(repo, TestPassword.existing())) {
      node.bus().addOutboundInterceptor((DeliveryContext<Object> delivery) -> {
        if (type.isInstance(delivery.message().body())) {
          hand.accept(delivery.message().body());
        }
        delivery.next();
      });
      return Requests.ask(node, Addresses.SCANNER_RESTORE,
          new Restore(Requests.newJobId(), "latest", target.toString(), include, false, true));
    }
  }
}
