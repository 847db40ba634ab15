package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.gateway.ClusterProcesses.Node;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two store nodes serving two different repositories under one cluster name, as a mistaken
 * deployment makes them: the bus hands store requests to both in turn. A job is pinned to the
 * repository it began with, so it fails naming the cause instead of splitting its snapshot.
 */
@DisplayName("Two stores of different repositories in one cluster")
class TwoRepositoriesTest {
  @TempDir Path work;
  private ClusterProcesses cluster;

  @BeforeEach
  void makeCluster() throws IOException {
    cluster = new ClusterProcesses(work, 3);
  }

  @AfterEach
  void stopNodes() throws IOException {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @DisplayName("never split a backup between them: each job fails naming both repositories, and both check clean")
  void jobsArePinnedToOneRepository() throws Exception {
    Path source = cluster.sourceHome().resolve("src");
    SampleTree.random(source, 3, 120, 8 << 10, 5);
    Path first = work.resolve("repo-1");
    Path second = work.resolve("repo-2");
    List<JsonObject> jobs = new ArrayList<>();
    // Plain text: between encrypted repositories a blob sealed for one already fails to open in the
    // other; this test is of the pin that names both repositories.
    for (Path repo : List.of(first, second)) {
      assertThat(Cli.run("init", "--no-encryption", "--repo", repo.toString()).exitCode()).isZero();
    }
    try {
      Node gateway = cluster.start("store-gateway", "store,gateway", 0, List.of(), "--repo", first.toString());
      Node other = cluster.start("other-store", "store", 1, List.of(), "--repo", second.toString());
      Node scanner = cluster.start("scanner-hasher", "scanner,hasher", 2, List.of());
      for (Node n : List.of(gateway, other, scanner)) {
        cluster.awaitReady(n);
      }
      for (int i = 0; i < 3; i++) {
        jobs.add(cluster.runJob(gateway, new JsonObject().put("type", "backup")
            .put("paths", List.of(source.toString())).put("source", "shared").put("force", true)));
      }
    } catch (Throwable e) {
      cluster.printLogs();
      throw e;
    }
    // The repositories are checked as they are once no store holds them.
    cluster.close();
    cluster = null;
    for (JsonObject job : jobs) {
      assertThat(job.getString("state")).as(job.encodePrettily()).isEqualTo("failed");
      assertThat(job.getString("error")).as(job.encodePrettily())
          .contains("two stores serve different repositories under one cluster name");
    }
    for (Path repo : List.of(first, second)) {
      Cli.Result check = Cli.run("check", "--repo", repo.toString(), "--read-data");
      assertThat(check.exitCode()).as("check of %s: %s", repo, check).isZero();
      Cli.Result snapshots = Cli.run("snapshots", "--repo", repo.toString(), "--json");
      assertThat(snapshots.out()).as("no snapshot was committed into %s", repo).doesNotContain("\"tree\"");
    }
  }
}
