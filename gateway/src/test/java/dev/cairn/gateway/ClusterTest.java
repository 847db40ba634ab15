package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.Addresses;
import dev.cairn.common.message.ScannerMessages.Backup;
import dev.cairn.common.message.Snapshot;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three cairn nodes as separate processes on 127.0.0.1, joined into one cluster over a TCP-IP
 * member list: store and gateway; hasher; scanner and hasher.
 */
@DisplayName("A cluster of three node processes")
class ClusterTest {
  /** A bound on waits, so a broken cluster fails the test instead of hanging it; never an assertion on speed. */
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  @TempDir Path work;
  /**
   * The source lives under the build's own directory, not under the system's temporary directory:
   * a root tree records the directories above its sources too, and those of {@code /tmp} change
   * whenever anyone makes a file there.
   */
  private Path sourceHome;
  private final List<Node> nodes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();

  /** One child process, the port of its gateway or probes, and where its output goes. */
  private record Node(String name, Process process, int port, Path log) {}

  @BeforeEach
  void makeSourceHome() throws IOException {
    sourceHome = Files.createDirectories(Path.of("target", "cluster-test", UUID.randomUUID().toString()))
        .toAbsolutePath();
  }

  @AfterEach
  void removeSourceHome() throws IOException {
    try (Stream<Path> paths = Files.walk(sourceHome)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  @AfterEach
  void stopNodes() {
    nodes.forEach(n -> n.process().destroyForcibly());
    for (Node n : nodes) {
      try {
        n.process().waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Test
  @DisplayName("spreads a shared backup over hashers on two nodes, restores it byte for byte, and writes the tree one node writes")
  void backupAcrossNodes() throws Exception {
    Path source = writeSource(sourceHome.resolve("src"));
    int[] clusterPorts = {freePort(), freePort(), freePort()};
    String members = "127.0.0.1:" + clusterPorts[0] + ",127.0.0.1:" + clusterPorts[1] + ",127.0.0.1:" + clusterPorts[2];
    try {
      Node gateway = start("store-gateway", "store,gateway", clusterPorts[0], members, "--repo", work.resolve("repo").toString());
      Node hasher = start("hasher", "hasher", clusterPorts[1], members);
      Node scanner = start("scanner-hasher", "scanner,hasher", clusterPorts[2], members);
      for (Node n : List.of(hasher, scanner, gateway)) {
        await(n, "/health/ready", r -> r.statusCode() == 200);
      }

      JobObserved backup = runJob(gateway, new JsonObject().put("type", "backup")
          .put("paths", List.of(source.toString())).put("source", "shared"));
      assertThat(backup.job().getString("state")).as(backup.job().encodePrettily()).isEqualTo("succeeded");
      JsonObject workers = backup.job().getJsonObject("workers");
      assertThat(workers.fieldNames()).as("nodes whose hashers worked: %s", workers).hasSize(2);
      for (String node : workers.fieldNames()) {
        assertThat(workers.getJsonObject(node).getLong("files")).as("files hashed on %s", node).isPositive();
      }
      JsonObject counters = backup.job().getJsonObject("counters");
      long hashed = workers.fieldNames().stream().mapToLong(n -> workers.getJsonObject(n).getLong("bytes")).sum();
      assertThat(hashed).isEqualTo(counters.getLong("bytesRead"));
      // Every hasher is on another node than the store, and every byte is new: all of it crossed the network.
      assertThat(counters.getLong("bytesSent")).isEqualTo(counters.getLong("bytesNew")).isPositive();

      String snapshotId = backup.job().getString("snapshot");
      String clusterTree = new JsonObject(get(gateway, "/api/snapshots/" + snapshotId).body()).getString("tree");
      try (CairnNode alone = CairnNode.open(work.resolve("repo-alone"), true)) {
        Snapshot single = Requests.ask(alone, Addresses.SCANNER_BACKUP,
            new Backup("alone", List.of(source.toString()), "h"));
        assertThat(clusterTree).as("root tree of the cluster's snapshot and of one node's").isEqualTo(single.tree().hex());
      }

      Path target = work.resolve("restored");
      JobObserved restore = runJob(gateway, new JsonObject().put("type", "restore").put("snapshot", snapshotId)
          .put("target", target.toString()));
      assertThat(restore.job().getString("state")).as(restore.job().encodePrettily()).isEqualTo("succeeded");
      TreeComparison.assertSameTree(source, target.resolve(source.toString().substring(1)));
    } catch (Throwable e) {
      printLogs();
      throw e;
    }
  }

  /** A job as it ended. */
  private record JobObserved(JsonObject job) {}

  private JobObserved runJob(Node gateway, JsonObject request) throws Exception {
    HttpResponse<String> created = http.send(HttpRequest.newBuilder(uri(gateway, "/api/jobs"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(request.encode())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
    String id = new JsonObject(created.body()).getString("id");
    HttpResponse<String> ended = await(gateway, "/api/jobs/" + id,
        r -> r.statusCode() == 200 && new JsonObject(r.body()).getString("finished") != null);
    return new JobObserved(new JsonObject(ended.body()));
  }

  private Node start(String name, String roles, int clusterPort, String members, String... more) throws IOException {
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
        "--add-opens", "java.base/sun.nio.fs=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), CairnCommand.class.getName(),
        "serve", "--cluster", "--roles", roles, "--cluster-name", "cairn-test-" + ProcessHandle.current().pid(),
        "--cluster-port", String.valueOf(clusterPort), "--members", members,
        "--bus-host", "127.0.0.1", "--host", "127.0.0.1", "--port", String.valueOf(port)));
    command.addAll(List.of(more));
    Path log = work.resolve(name + ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Node node = new Node(name, process, port, log);
    nodes.add(node);
    return node;
  }

  /** Polls {@code path} on {@code node} until {@code done} holds for an answer; fails if the node exits first. */
  private HttpResponse<String> await(Node node, String path, Predicate<HttpResponse<String>> done) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      for (Node n : nodes) {
        assertThat(n.process().isAlive()).as("node %s is running", n.name()).isTrue();
      }
      try {
        HttpResponse<String> response = get(node, path);
        if (done.test(response)) {
          return response;
        }
      } catch (IOException notYetListening) {
        // The node is still starting.
      }
      Thread.sleep(250);
    }
    throw new AssertionError("no answer to " + path + " on " + node.name() + " within " + PATIENCE);
  }

  private HttpResponse<String> get(Node node, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri(node, path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(Node node, String path) {
    return URI.create("http://127.0.0.1:" + node.port() + path);
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

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private void printLogs() {
    for (Node n : nodes) {
      try {
        System.err.println("----- " + n.name() + " -----\n" + Files.readString(n.log(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
