package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.pressure.StorePatience;
import dev.cairn.gateway.ClusterProcesses.Node;
import dev.cairn.scanner.BatchTimeout;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Cluster nodes lost in the middle of a shared backup, as separate processes
 * ({@link ClusterProcesses}): a hasher killed, a store killed and started again. Losing a node
 * may cost time, never data.
 */
@DisplayName("A cluster that loses a node mid-backup")
class NodeLossTest {
  /** Files in the source: enough 1 MiB files that a node is lost while batches are in flight. */
  private static final int FILES = 160;

  @TempDir Path work;
  private ClusterProcesses cluster;

  @BeforeEach
  void makeCluster() throws IOException {
    cluster = new ClusterProcesses(work, 3);
  }

  @AfterEach
  void stopNodes() throws IOException {
    cluster.close();
  }

  @Test
  @DisplayName("finishes a backup whose hasher node was killed: batches go to the other hasher, nothing is lost or counted twice")
  void hasherKilled() throws Exception {
    Path source = SampleTree.random(cluster.sourceHome().resolve("src"), 4, FILES / 4, 1 << 20, 5);
    try {
      Node gateway = cluster.start("store-gateway", "store,gateway", 0, List.of(), "--repo", work.resolve("repo").toString());
      Node hasher = cluster.start("hasher", "hasher", 1, List.of());
      // A lost batch is given 5 s plus 0.5 s per MiB, so the test spends seconds, not minutes, on it.
      Node scanner = cluster.start("scanner-hasher", "scanner,hasher", 2, List.of(
          "-D" + BatchTimeout.BASE_PROPERTY + "=5000", "-D" + BatchTimeout.PER_MIB_PROPERTY + "=500"));
      for (Node n : List.of(hasher, scanner, gateway)) {
        cluster.awaitReady(n);
      }

      String id = cluster.submit(gateway, backupRequest(source));
      JsonObject running = new JsonObject(cluster.await(gateway, "/api/jobs/" + id, r -> {
        JsonObject job = new JsonObject(r.body());
        return job.getString("finished") != null || job.getJsonObject("workers").size() == 2;
      }).body());
      assertThat(running.getString("finished")).as("the hasher is killed while the job runs").isNull();
      cluster.kill(hasher);

      JsonObject backup = cluster.awaitEnd(gateway, id);
      System.out.println("NodeLossTest: the backup that lost a hasher " + backup.getString("state") + " after "
          + backup.getLong("elapsedMillis") + " ms");
      assertThat(backup.getString("state")).as(backup.encodePrettily()).isEqualTo("succeeded");
      assertThat(ClusterProcesses.log(scanner)).as("a batch the killed hasher held was sent again")
          .contains("sending it again");
      JsonObject counters = backup.getJsonObject("counters");
      assertThat(counters.getLong("filesDone")).as("files counted once each").isEqualTo(FILES);
      assertThat(counters.getLong("bytesRead")).as("bytes counted once each").isEqualTo((long) FILES << 20);

      String snapshot = backup.getString("snapshot");
      assertThat(cluster.sourceTreeOf(gateway, snapshot, source)).as("tree of the source in the cluster's snapshot and in one node's")
          .isEqualTo(ClusterProcesses.singleNodeTree(work.resolve("repo"), work.resolve("repo-alone"), source));
      assertRestores(gateway, snapshot, source, "restored");
      assertChecksClean(gateway);
    } catch (Throwable e) {
      cluster.printLogs();
      throw e;
    }
  }

  /** How the store node is stopped. */
  enum Stop { SIGKILL, SIGTERM }

  /**
   * A store killed with SIGKILL may lose the chunks of its open pack, so the backup either
   * completes (nothing it needs was lost) or fails saying the store restarted; one stopped with
   * SIGTERM seals and indexes first, so the backup completes.
   */
  @ParameterizedTest(name = "stopped with {0}")
  @EnumSource(Stop.class)
  @DisplayName("pauses a backup while its store node is stopped and started again, then completes it or fails it cleanly")
  void storeRestarted(Stop how) throws Exception {
    Path source = SampleTree.random(cluster.sourceHome().resolve("src"), 4, FILES / 4, 1 << 20, 5);
    try {
      Node store = cluster.start("store", "store", 0, List.of(), "--repo", work.resolve("repo").toString());
      // Each store request is given 5 s; the store may stay away for a minute before the job fails.
      Node gateway = cluster.start("gateway-scanner-hasher", "gateway,scanner,hasher", 1, List.of(
          "-D" + StorePatience.TIMEOUT_PROPERTY + "=5000", "-D" + StorePatience.OUTAGE_PROPERTY + "=60000"));
      for (Node n : List.of(store, gateway)) {
        cluster.awaitReady(n);
      }

      String id = cluster.submit(gateway, backupRequest(source));
      JsonObject running = new JsonObject(cluster.await(gateway, "/api/jobs/" + id, r -> {
        JsonObject job = new JsonObject(r.body());
        return job.getString("finished") != null || job.getJsonObject("counters").getLong("bytesNew") > 0;
      }).body());
      assertThat(running.getString("finished")).as("the store is killed while the job runs").isNull();
      if (how == Stop.SIGKILL) {
        cluster.kill(store);
      } else {
        cluster.stop(store);
      }
      cluster.restart(store);

      JsonObject backup = cluster.awaitEnd(gateway, id);
      System.out.println("NodeLossTest: the backup across the store's restart (" + how + ") " + backup.getString("state") + " after "
          + backup.getLong("elapsedMillis") + " ms" + (backup.getString("error") == null ? "" : ": " + backup.getString("error")));
      JsonArray snapshots = new JsonObject(cluster.get(gateway, "/api/snapshots").body()).getJsonArray("snapshots");
      if (how == Stop.SIGTERM || "succeeded".equals(backup.getString("state"))) {
        assertThat(backup.getString("state")).as(backup.encodePrettily()).isEqualTo("succeeded");
        assertThat(snapshots).hasSize(1);
        assertRestores(gateway, backup.getString("snapshot"), source, "restored");
      } else {
        assertThat(backup.getString("error")).as(backup.encodePrettily()).contains("the store restarted during the backup");
        assertThat(snapshots).as("no partial snapshot is listed").isEmpty();
      }
      assertChecksClean(gateway);

      JsonObject again = cluster.runJob(gateway, backupRequest(source));
      assertThat(again.getString("state")).as(again.encodePrettily()).isEqualTo("succeeded");
      assertThat(cluster.sourceTreeOf(gateway, again.getString("snapshot"), source))
          .as("tree of the source in the next backup and in one node's")
          .isEqualTo(ClusterProcesses.singleNodeTree(work.resolve("repo"), work.resolve("repo-alone"), source));
      assertChecksClean(gateway);
    } catch (Throwable e) {
      cluster.printLogs();
      throw e;
    }
  }

  private static JsonObject backupRequest(Path source) {
    return new JsonObject().put("type", "backup").put("paths", List.of(source.toString())).put("source", "shared");
  }

  private void assertRestores(Node gateway, String snapshot, Path source, String into) throws Exception {
    Path target = work.resolve(into);
    JsonObject restore = cluster.runJob(gateway, new JsonObject().put("type", "restore").put("snapshot", snapshot)
        .put("target", target.toString()));
    assertThat(restore.getString("state")).as(restore.encodePrettily()).isEqualTo("succeeded");
    TreeComparison.assertSameTree(source, target.resolve(source.toString().substring(1)));
  }

  /** Runs {@code check --read-data} through the gateway and asserts that it finds nothing wrong. */
  private void assertChecksClean(Node gateway) throws Exception {
    JsonObject check = cluster.runJob(gateway, new JsonObject().put("type", "check").put("readData", true));
    assertThat(check.getString("state")).as(check.encodePrettily()).isEqualTo("succeeded");
    assertThat(check.getJsonObject("check").getJsonArray("problems")).as(check.encodePrettily()).isEmpty();
  }
}
