package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.Addresses;
import dev.cairn.common.ChunkId;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.ScannerMessages.Backup;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.message.StoreMessages.Blob;
import dev.cairn.common.message.StoreMessages.Get;
import dev.cairn.common.tree.TreeCodec;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * ClusterProcesses runs cairn nodes as separate processes on 127.0.0.1, joined into one cluster
 * over a TCP-IP member list, and talks to their gateways over HTTP. Closing it kills every node.
 * Nodes speak mutual TLS with certificates that {@code cairn cluster ca} and {@code cairn cluster
 * cert} make once for the test run.
 */
final class ClusterProcesses implements AutoCloseable {
  /** A bound on waits, so a broken cluster fails the test instead of hanging it; never an assertion on speed. */
  static final Duration PATIENCE = Duration.ofMinutes(3);
  /** The name of the node certificate every node of the test cluster presents. */
  static final String NODE = "node";
  private static Path credentials;

  private final Path work;
  private final int[] clusterPorts;
  private final int[] busPorts;
  private final String members;
  private final Path sourceHome;
  private final List<Node> nodes = new ArrayList<>();
  /** The nodes a test stopped on purpose. */
  private final Set<String> stopped = new HashSet<>();
  private final HttpClient http = HttpClient.newHttpClient();

  /** One child process, the port of its gateway or probes, where its output goes, and how it was started. */
  record Node(String name, Process process, int port, Path log, List<String> command) {}

  /**
   * A cluster of {@code size} member slots whose logs go under {@code work}. Sources live under the
   * build's own directory, wherever the checkout is; tests compare the trees of the sources
   * themselves, never root trees, so what happens beside the checkout does not matter.
   */
  ClusterProcesses(Path work, int size) throws IOException {
    this.work = work;
    this.clusterPorts = new int[size];
    this.busPorts = new int[size];
    for (int i = 0; i < size; i++) {
      clusterPorts[i] = freePort();
      busPorts[i] = freePort();
    }
    this.members = IntStream.of(clusterPorts).mapToObj(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    this.sourceHome = Files.createDirectories(Path.of("target", "cluster-test", UUID.randomUUID().toString()))
        .toAbsolutePath();
  }

  /** Where a test writes the sources it backs up. */
  Path sourceHome() {
    return sourceHome;
  }

  /**
   * The directory of the test cluster's authority, secret and node certificate, made through the
   * command line once for the whole run.
   */
  static synchronized Path credentials() throws IOException {
    if (credentials == null) {
      Path dir = Files.createDirectories(Path.of("target", "cluster-ca", UUID.randomUUID().toString())).toAbsolutePath();
      credentials = makeAuthority(dir, NODE);
    }
    return credentials;
  }

  /** Makes, in {@code dir}, a new authority and a certificate for {@code node}, as a user would; returns {@code dir}. */
  static Path makeAuthority(Path dir, String node) {
    Cli.Result ca = Cli.run("cluster", "ca", "--out", dir.resolve("ca").toString());
    assertThat(ca.exitCode()).as(ca.err()).isZero();
    Cli.Result cert = Cli.run("cluster", "cert", node, "--ca", dir.resolve("ca").toString(), "--out",
        dir.resolve(node).toString(), "--san", "127.0.0.1");
    assertThat(cert.exitCode()).as(cert.err()).isZero();
    return dir;
  }

  /** The serve flags that make a node of the cluster whose files {@link #makeAuthority} wrote in {@code dir}. */
  static List<String> trustFlags(Path dir, String node) {
    Path files = dir.resolve(node);
    return List.of("--cluster-ca", files.resolve("ca.pem").toString(), "--cluster-cert",
        files.resolve(node + ".pem").toString(), "--cluster-key", files.resolve(node + "-key.pem").toString(),
        "--cluster-secret", files.resolve("cluster.secret").toString());
  }

  /** The event-bus port of member slot {@code slot}. */
  int busPort(int slot) {
    return busPorts[slot];
  }

  /** The Hazelcast member port of member slot {@code slot}. */
  int clusterPort(int slot) {
    return clusterPorts[slot];
  }

  /** The name every node of this cluster joins under. */
  static String clusterName() {
    return "cairn-test-" + ProcessHandle.current().pid();
  }

  /** {@code host:port} of every member slot, as --members takes them. */
  String members() {
    return members;
  }

  /**
   * Starts node {@code name} with {@code roles} in member slot {@code slot}, with the test
   * cluster's certificates; {@code jvm} are options for its JVM (system properties), {@code more}
   * further arguments of {@code serve}.
   */
  Node start(String name, String roles, int slot, List<String> jvm, String... more) throws IOException {
    return startWith(name, roles, slot, jvm, trustFlags(credentials(), NODE), more);
  }

  /** Starts a node as {@link #start} does, but with {@code trust} in place of the test cluster's certificates. */
  Node startWith(String name, String roles, int slot, List<String> jvm, List<String> trust, String... more)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
        "--add-opens", "java.base/sun.nio.fs=ALL-UNNAMED"));
    command.addAll(TestPassword.CHEAP_KDF);
    command.addAll(jvm);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), CairnCommand.class.getName(),
        "serve", "--cluster", "--roles", roles, "--cluster-name", clusterName(),
        "--cluster-port", String.valueOf(clusterPorts[slot]), "--members", members,
        "--bus-host", "127.0.0.1", "--bus-port", String.valueOf(busPorts[slot]),
        "--host", "127.0.0.1", "--port", String.valueOf(freePort()),
        "--state-dir", work.resolve(name + "-state").toString(),
        "--allow-path", work.toString(), "--allow-path", sourceHome.toString()));
    command.addAll(trust);
    command.addAll(List.of(more));
    initRepository(List.of(more));
    return launch(name, command);
  }

  /** Makes the repository a store node is given, if it is not one yet: serve never creates one. */
  private static void initRepository(List<String> serveArgs) {
    int at = serveArgs.indexOf("--repo");
    if (at >= 0 && !Files.exists(Path.of(serveArgs.get(at + 1)).resolve("config"))) {
      Cli.Result init = Cli.run("init", "--repo", serveArgs.get(at + 1));
      if (init.exitCode() != 0) {
        throw new IllegalStateException("cairn init failed: " + init);
      }
    }
  }

  /** Starts {@code node} again as it was started, on the same ports, logging to a new file. */
  Node restart(Node node) throws IOException {
    return launch(node.name() + "-again", node.command());
  }

  private Node launch(String name, List<String> command) throws IOException {
    Path log = work.resolve(name + ".log");
    Process process = TestPassword.given(new ProcessBuilder(command)).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    int port = Integer.parseInt(command.get(command.indexOf("--port") + 1));
    Node node = new Node(name, process, port, log, command);
    nodes.add(node);
    return node;
  }

  /** Waits until {@code node} says it has joined the cluster; returns its node id. */
  String awaitJoined(Node node) throws Exception {
    Pattern joined = Pattern.compile("cairn: node (\\S+) \\(.*joined cluster");
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher m = joined.matcher(log(node));
      if (m.find()) {
        return m.group(1);
      }
      assertThat(node.process().isAlive()).as("node %s is running", node.name()).isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError(node.name() + " did not join within " + PATIENCE);
  }

  /** Waits until {@code node} answers its readiness probe. */
  void awaitReady(Node node) throws Exception {
    await(node, "/health/ready", r -> r.statusCode() == 200);
  }

  /** Starts a job on {@code gateway}; returns its id. */
  String submit(Node gateway, JsonObject request) throws Exception {
    HttpResponse<String> created = http.send(HttpRequest.newBuilder(uri(gateway, "/api/jobs"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token(gateway))
        .POST(HttpRequest.BodyPublishers.ofString(request.encode())).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
    return new JsonObject(created.body()).getString("id");
  }

  /** Waits for job {@code id} on {@code gateway} to end; returns it as it ended. */
  JsonObject awaitEnd(Node gateway, String id) throws Exception {
    return new JsonObject(await(gateway, "/api/jobs/" + id,
        r -> r.statusCode() == 200 && new JsonObject(r.body()).getString("finished") != null).body());
  }

  /** Runs a job on {@code gateway} to its end. */
  JsonObject runJob(Node gateway, JsonObject request) throws Exception {
    return awaitEnd(gateway, submit(gateway, request));
  }

  /**
   * Polls {@code path} on {@code node} until {@code done} holds for an answer; fails if a node
   * still running exits first (nodes a test stopped on purpose are left out).
   */
  HttpResponse<String> await(Node node, String path, Predicate<HttpResponse<String>> done) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      for (Node n : nodes) {
        assertThat(n.process().isAlive() || stopped.contains(n.name())).as("node %s is running", n.name()).isTrue();
      }
      try {
        HttpResponse<String> response = get(node, path);
        if (done.test(response)) {
          return response;
        }
      } catch (IOException notYetListening) {
        // The node is still starting.
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no answer to " + path + " on " + node.name() + " within " + PATIENCE);
  }

  HttpResponse<String> get(Node node, String path) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(node, path)).GET();
    if (!path.startsWith("/health/")) {
      request.header("Authorization", "Bearer " + token(node));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The admin token the gateway of {@code node} wrote at its first start into its own state
   * directory; a node started again keeps it.
   */
  static String token(Node node) throws IOException {
    Path state = Path.of(node.command().get(node.command().indexOf("--state-dir") + 1));
    return Files.readString(state.resolve("admin-token")).trim();
  }

  /**
   * The id of the tree of {@code source} itself in snapshot {@code snapshotId}, as the gateway
   * {@code gateway} shows it. Not the root tree: that also records the directories above the
   * source, whose times change whenever anyone writes beside them (in {@code /tmp}, say).
   */
  String sourceTreeOf(Node gateway, String snapshotId, Path source) throws Exception {
    HttpResponse<String> at = get(gateway, "/api/snapshots/" + snapshotId + "/tree?limit=1&path="
        + URLEncoder.encode(source.toString(), StandardCharsets.UTF_8));
    assertThat(at.statusCode()).as(at.body()).isEqualTo(200);
    String tree = new JsonObject(at.body()).getString("tree");
    assertThat(tree).as("tree of %s in %s: %s", source, snapshotId, at.body()).isNotNull();
    return tree;
  }

  /**
   * The id of the tree of {@code source} itself in a backup of it by a single node into a new
   * repository at {@code repo}, found by walking the snapshot's trees from the root. The new
   * repository shares the config and keys of {@code keysOf}: ids are keyed by the repository's
   * master key, so only a repository with the same key names the same content alike.
   */
  static String singleNodeTree(Path keysOf, Path repo, Path source) throws IOException {
    Files.createDirectories(repo.resolve("keys"));
    Files.copy(keysOf.resolve("config"), repo.resolve("config"));
    try (var keys = Files.list(keysOf.resolve("keys"))) {
      for (Path key : keys.toList()) {
        Files.copy(key, repo.resolve("keys").resolve(key.getFileName()));
      }
    }
    try (CairnNode alone = CairnNode.open(repo, TestPassword.existing())) {
      Snapshot single = Requests.ask(alone, Addresses.SCANNER_BACKUP, new Backup("alone", List.of(source.toString()), "h"));
      ChunkId tree = single.tree();
      for (Path name : source) {
        Blob blob = Requests.ask(alone, Addresses.STORE_GET, new Get(BlobType.TREE, tree));
        byte[] wanted = name.toString().getBytes(StandardCharsets.UTF_8);
        tree = TreeCodec.decode(blob.bytes()).stream().filter(n -> Arrays.equals(n.name(), wanted)).findFirst()
            .map(dev.cairn.common.tree.Node::subtree)
            .orElseThrow(() -> new AssertionError("the single node's snapshot has no " + source));
      }
      return tree.hex();
    }
  }

  /** Kills {@code node} with SIGKILL, as a machine that dies would. */
  void kill(Node node) throws InterruptedException {
    stopped.add(node.name());
    node.process().destroyForcibly().waitFor();
  }

  /** Stops {@code node} with SIGTERM, as an orchestrator would, and waits for it to exit. */
  void stop(Node node) throws InterruptedException {
    stopped.add(node.name());
    node.process().destroy();
    node.process().waitFor();
  }

  /** The output of {@code node} so far. */
  static String log(Node node) throws IOException {
    return Files.readString(node.log(), StandardCharsets.UTF_8);
  }

  /** Prints every node's output, for a test that failed. */
  void printLogs() {
    for (Node n : nodes) {
      try {
        System.err.println("----- " + n.name() + " -----\n" + log(n));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** Kills every node still running and removes the sources. */
  @Override
  public void close() throws IOException {
    nodes.forEach(n -> n.process().destroyForcibly());
    for (Node n : nodes) {
      try {
        n.process().waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try (Stream<Path> paths = Files.walk(sourceHome)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static URI uri(Node node, String path) {
    return URI.create("http://127.0.0.1:" + node.port() + path);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
