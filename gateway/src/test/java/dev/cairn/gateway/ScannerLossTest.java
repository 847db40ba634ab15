package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.gateway.ClusterProcesses.Node;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster whose scanner node dies in the middle of a backup, as separate processes ({@link
 * ClusterProcesses}): the job must not stay running for good on any gateway.
 */
@DisplayName("A cluster that loses the scanner of a running backup")
class ScannerLossTest {
  /** Files of 1 MiB in the source: enough that the backup still runs when its scanner is killed. */
  private static final int FILES = 100;
  /** The silence after which the gateways give up on the job: seconds, so the test spends no minute waiting. */
  private static final long SILENCE_MILLIS = 5_000;
  /** How long after the kill every gateway must show the job failed. */
  private static final Duration BOUND = Duration.ofMinutes(2);

  @TempDir Path work;
  private ClusterProcesses cluster;

  @BeforeEach
  void makeCluster() throws IOException {
    cluster = new ClusterProcesses(work, 4);
  }

  @AfterEach
  void stopNodes() throws IOException {
    cluster.close();
  }

  @Test
  @DisplayName("fails the backup on every gateway, saying its scanner stopped answering, once the scanner node is killed,"
      + " whether that node ran the gateway that started the job or not")
  void scannerKilled() throws Exception {
    Path source = SampleTree.random(cluster.sourceHome().resolve("src"), 4, FILES / 4, 1 << 20, 7);
    List<String> silence = List.of("-Dcairn.jobs.silenceMillis=" + SILENCE_MILLIS);
    try {
      Node gateway = cluster.start("store-gateway", "store,gateway", 0, silence, "--repo", work.resolve("repo").toString());
      Node other = cluster.start("gateway", "gateway", 1, silence);
      Node scanner = cluster.start("scanner-hasher", "scanner,hasher", 2, List.of());
      for (Node n : List.of(gateway, other, scanner)) {
        cluster.awaitReady(n);
      }

      // The scanner dies; the gateway that started the job lives.
      killWhileRunning(gateway, scanner, source, List.of(gateway, other));

      // The scanner dies with the gateway that started the job: the other gateways must notice.
      Node both = cluster.start("gateway-scanner-hasher", "gateway,scanner,hasher", 3, silence);
      cluster.awaitReady(both);
      killWhileRunning(both, both, source, List.of(gateway, other));
    } catch (Throwable e) {
      cluster.printLogs();
      throw e;
    }
  }

  /**
   * Starts a backup of {@code source} on {@code starter}, kills {@code scanner} while it runs, and
   * asserts that each of {@code survivors} shows it failed within {@link #BOUND}, saying why.
   */
  private void killWhileRunning(Node starter, Node scanner, Path source, List<Node> survivors) throws Exception {
    String id = cluster.submit(starter, new JsonObject().put("type", "backup").put("paths", List.of(source.toString())));
    JsonObject running = new JsonObject(cluster.await(starter, "/api/jobs/" + id, r -> {
      JsonObject job = new JsonObject(r.body());
      // Each progress event adds a point to the history: the scanner has the job.
      return job.getString("finished") != null || !job.getJsonArray("history").isEmpty();
    }).body());
    assertThat(running.getString("finished")).as("the scanner is killed while the job runs: %s", running).isNull();
    cluster.kill(scanner);
    long killed = System.nanoTime();

    for (Node n : survivors) {
      JsonObject failed = awaitEnd(n, id, killed);
      assertThat(failed.getString("state")).as("on %s: %s", n.name(), failed.encodePrettily()).isEqualTo("failed");
      assertThat(failed.getString("error")).as("on %s", n.name())
          .isEqualTo("its scanner stopped answering (no progress for 5 s)");
    }
    System.out.println("ScannerLossTest: the backup started on " + starter.name() + " failed on every gateway left "
        + Duration.ofNanos(System.nanoTime() - killed).toMillis() + " ms after " + scanner.name() + " was killed");
  }

  /** Waits, at most {@link #BOUND} from {@code killed}, for job {@code id} to end as {@code node} shows it. */
  private JsonObject awaitEnd(Node node, String id, long killed) throws Exception {
    JsonObject job = null;
    while (System.nanoTime() - killed < BOUND.toNanos()) {
      HttpResponse<String> r = cluster.get(node, "/api/jobs/" + id);
      if (r.statusCode() == 200) {
        job = new JsonObject(r.body());
        if (job.getString("finished") != null) {
          return job;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("job " + id + " has not ended on " + node.name() + " within " + BOUND + ": " + job);
  }
}
