package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.gateway.ClusterProcesses.Node;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three cairn nodes as separate processes ({@link ClusterProcesses}): store and gateway; hasher;
 * scanner and hasher.
 */
@DisplayName("A cluster of three node processes")
class ClusterTest {
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
  @DisplayName("spreads a shared backup over hashers on two nodes, restores it byte for byte, and writes the tree one node writes")
  void backupAcrossNodes() throws Exception {
    Path source = writeSource(cluster.sourceHome().resolve("src"));
    try {
      Node gateway = cluster.start("store-gateway", "store,gateway", 0, List.of(), "--repo", work.resolve("repo").toString());
      Node hasher = cluster.start("hasher", "hasher", 1, List.of());
      Node scanner = cluster.start("scanner-hasher", "scanner,hasher", 2, List.of());
      for (Node n : List.of(hasher, scanner, gateway)) {
        cluster.awaitReady(n);
      }

      JsonObject backup = cluster.runJob(gateway, new JsonObject().put("type", "backup")
          .put("paths", List.of(source.toString())).put("source", "shared"));
      assertThat(backup.getString("state")).as(backup.encodePrettily()).isEqualTo("succeeded");
      JsonObject workers = backup.getJsonObject("workers");
      assertThat(workers.fieldNames()).as("nodes whose hashers worked: %s", workers).hasSize(2);
      for (String node : workers.fieldNames()) {
        assertThat(workers.getJsonObject(node).getLong("files")).as("files hashed on %s", node).isPositive();
      }
      JsonObject counters = backup.getJsonObject("counters");
      long hashed = workers.fieldNames().stream().mapToLong(n -> workers.getJsonObject(n).getLong("bytes")).sum();
      assertThat(hashed).isEqualTo(counters.getLong("bytesRead"));
      // Every hasher is on another node than the store, and every byte is new: all of it crossed the network.
      assertThat(counters.getLong("bytesSent")).isEqualTo(counters.getLong("bytesNew")).isPositive();

      String snapshotId = backup.getString("snapshot");
      assertThat(cluster.sourceTreeOf(gateway, snapshotId, source)).as("tree of the source in the cluster's snapshot and in one node's")
          .isEqualTo(ClusterProcesses.singleNodeTree(work.resolve("repo"), work.resolve("repo-alone"), source));

      Path target = work.resolve("restored");
      JsonObject restore = cluster.runJob(gateway, new JsonObject().put("type", "restore").put("snapshot", snapshotId)
          .put("target", target.toString()));
      assertThat(restore.getString("state")).as(restore.encodePrettily()).isEqualTo("succeeded");
      TreeComparison.assertSameTree(source, target.resolve(source.toString().substring(1)));
    } catch (Throwable e) {
      cluster.printLogs();
      throw e;
    }
  }

  /**
   * Many small files in a few directories (several batches, so both hashing nodes get some) and a
   * few large ones, each a batch of its own.
   */
  private static Path writeSource(Path root) throws IOException {
    SampleTree.random(root, 4, 150, 16 << 10, 7);
    Random random = new Random(11);
    byte[] big = new byte[6 << 20];
    for (int i = 0; i < 3; i++) {
      random.nextBytes(big);
      Files.write(root.resolve("big-" + i + ".bin"), big);
    }
    return root;
  }
}
