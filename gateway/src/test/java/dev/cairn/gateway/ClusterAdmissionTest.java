package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.gateway.ClusterProcesses.Node;
import dev.cairn.gateway.cluster.ClusterSettings;
import dev.cairn.gateway.jobs.ForgedJobs;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cluster of two genuine node processes (store and gateway; scanner and hasher) that two rogue
 * processes try to take part in, started with the same cluster name and member list: one with no
 * certificate (--insecure), one with a certificate and secret of another authority. Both run a
 * hasher, to be handed batches, and a gateway, to ask the store.
 */
@DisplayName("A cluster with rogue processes on its ports")
class ClusterAdmissionTest {
  @TempDir static Path work;
  private static ClusterProcesses cluster;
  private static Node gateway;
  private static Node scanner;
  private static Node noCertificate;
  private static Node otherAuthority;
  private static String scannerId;
  private static List<String> rogueIds;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = new ClusterProcesses(work, 5);
    try {
      gateway = cluster.start("store-gateway", "store,gateway", 0, List.of(), "--repo", work.resolve("repo").toString());
      scanner = cluster.start("scanner-hasher", "scanner,hasher", 1, List.of());
      noCertificate = cluster.startWith("rogue-plain", "hasher,gateway", 2, List.of(), List.of("--insecure"));
      Path other = ClusterProcesses.makeAuthority(work.resolve("other-ca"), ClusterProcesses.NODE);
      otherAuthority = cluster.startWith("rogue-other-ca", "hasher,gateway", 3, List.of(),
          ClusterProcesses.trustFlags(other, ClusterProcesses.NODE));
      cluster.awaitReady(gateway);
      cluster.awaitReady(scanner);
      scannerId = cluster.awaitJoined(scanner);
      rogueIds = List.of(cluster.awaitJoined(noCertificate), cluster.awaitJoined(otherAuthority));
    } catch (Throwable e) {
      cluster.printLogs();
      throw e;
    }
  }

  @AfterAll
  static void stopCluster() throws IOException {
    cluster.close();
  }

  @Test
  @DisplayName("hashes every file of a shared backup on its own nodes only: no rogue hasher gets a batch")
  void roguesGetNoBatch() throws Exception {
    Path source = SampleTree.random(cluster.sourceHome().resolve("shared"), 3, 40, 8 << 10, 5);
    long files;
    try (Stream<Path> walk = Files.walk(source)) {
      files = walk.filter(Files::isRegularFile).count();
    }
    JsonObject backup = cluster.runJob(gateway, new JsonObject().put("type", "backup")
        .put("paths", List.of(source.toString())).put("source", "shared"));
    assertThat(backup.getString("state")).as(backup.encodePrettily()).isEqualTo("succeeded");
    JsonObject workers = backup.getJsonObject("workers");
    assertThat(workers.fieldNames()).as("nodes whose hashers worked").containsExactly(scannerId);
    assertThat(workers.getJsonObject(scannerId).getLong("files")).isEqualTo(files);
    // The rogues' hashers were there to be chosen, and were passed over.
    for (String rogue : rogueIds) {
      assertThat(ClusterProcesses.log(scanner)).contains("ignoring cluster member " + rogue);
    }
  }

  @Test
  @DisplayName("gives a rogue's requests to the store no answer")
  void roguesGetNoAnswer() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    // Both asked at once: each waits out the gateway's minute for the store.
    List<CompletableFuture<Integer>> answers = Stream.of(noCertificate, otherAuthority)
        .map(rogue -> http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rogue.port() + "/api/snapshots"))
            .timeout(Duration.ofSeconds(100)).build(), HttpResponse.BodyHandlers.ofString())
            .thenApply(HttpResponse::statusCode).exceptionally(noAnswer -> -1))
        .toList();
    for (CompletableFuture<Integer> answer : answers) {
      assertThat(answer.get(120, TimeUnit.SECONDS)).as("status of a rogue's snapshot list").isNotEqualTo(200);
    }
    assertThat(cluster.get(gateway, "/api/snapshots").statusCode()).as("the genuine gateway's").isEqualTo(200);
  }

  @Test
  @DisplayName("closes its event-bus ports to a plain TCP peer and to a TLS peer without a certificate")
  void busRefusesStrangers() throws Exception {
    for (int slot : new int[] {0, 1}) {
      int port = cluster.busPort(slot);
      try (Socket plain = new Socket("127.0.0.1", port)) {
        plain.setSoTimeout(20_000);
        // An event-bus frame's length, then bytes: a plain-text bus would wait for the rest.
        plain.getOutputStream().write(new byte[] {0, 0, 0, 100, 1, 2, 3, 4, 5, 6, 7, 8});
        assertRefused(plain.getInputStream(), "plain TCP to bus port of slot " + slot);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new TrustingEveryone()}, null);
      try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
        tls.setSoTimeout(20_000);
        assertRefused(tls, "TLS without a client certificate to bus port of slot " + slot);
      }
    }
  }

  private static void assertRefused(SSLSocket tls, String what) {
    try {
      tls.startHandshake();
      tls.getOutputStream().write(new byte[] {0, 0, 0, 100, 1, 2, 3, 4});
      tls.getOutputStream().flush();
      assertRefused(tls.getInputStream(), what);
    } catch (SocketTimeoutException e) {
      throw new AssertionError(what + " was left open", e);
    } catch (IOException refused) {
      // The handshake failed: refused.
    }
  }

  private static void assertRefused(InputStream in, String what) {
    try {
      assertThat(in.read()).as(what + " is closed").isEqualTo(-1);
    } catch (SocketTimeoutException e) {
      throw new AssertionError(what + " was left open", e);
    } catch (IOException refused) {
      // Reset or failed: refused.
    }
  }

  @Test
  @DisplayName("keeps jobs and hasher counts in Hazelcast sealed: an intruder member reads no source path, and entries it writes are not shown")
  void jobMapIsSealed() throws Exception {
    Path source = SampleTree.random(cluster.sourceHome().resolve("private-source-path"), 1, 3, 1 << 10, 9);
    JsonObject backup = cluster.runJob(gateway, new JsonObject().put("type", "backup").put("paths", List.of(source.toString())));
    assertThat(backup.getString("state")).as(backup.encodePrettily()).isEqualTo("succeeded");
    String genuine = backup.getString("id");

    ClusterSettings intruder = new ClusterSettings(ClusterProcesses.clusterName(), cluster.clusterPort(4),
        List.of(cluster.members().split(",")), null, null, "127.0.0.1", 0, null);
    VertxOptions options = new VertxOptions();
    intruder.eventBus(options.getEventBusOptions());
    Vertx vertx = Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(intruder.hazelcastConfig()))
        .buildClustered().await(3, TimeUnit.MINUTES);
    try {
      AsyncMap<String, Buffer> jobs = vertx.sharedData().<String, Buffer>getAsyncMap(ForgedJobs.map())
          .await(1, TimeUnit.MINUTES);
      Map<String, Buffer> entries = jobs.entries().await(1, TimeUnit.MINUTES);
      assertThat(entries).containsKey(genuine);
      entries.forEach((id, value) -> assertThat(value.toString(StandardCharsets.ISO_8859_1))
          .as("job %s as Hazelcast holds it", id).doesNotContain("private-source-path").doesNotContain("backup"));

      // Each node's hasher count is sealed too: no layout of the cluster in clear.
      Map<String, Buffer> hashers = vertx.sharedData().<String, Buffer>getAsyncMap("cairn.hashers")
          .compose(AsyncMap::entries).await(1, TimeUnit.MINUTES);
      assertThat(hashers).containsKey(scannerId);
      assertThat(hashers.get(scannerId).length()).as("a sealed count, not four bytes in clear").isGreaterThan(4);

      jobs.put("forged-job", ForgedJobs.backup("forged-job", "/etc")).await(1, TimeUnit.MINUTES);
      jobs.put("copied-job", entries.get(genuine)).await(1, TimeUnit.MINUTES);
      Buffer altered = entries.get(genuine).copy();
      altered.setByte(altered.length() - 1, (byte) (altered.getByte(altered.length() - 1) ^ 1));
      jobs.put("altered-job", altered).await(1, TimeUnit.MINUTES);
    } finally {
      vertx.close().await(1, TimeUnit.MINUTES);
    }

    JsonObject listed = new JsonObject(cluster.get(gateway, "/api/jobs").body());
    assertThat(listed.getJsonArray("jobs")).extracting(j -> ((JsonObject) j).getString("id"))
        .contains(genuine).doesNotContain("forged-job", "copied-job", "altered-job");
    for (String id : Set.of("forged-job", "copied-job", "altered-job")) {
      assertThat(cluster.get(gateway, "/api/jobs/" + id).statusCode()).as("GET /api/jobs/" + id).isEqualTo(404);
    }
  }

  @Test
  @DisplayName("refuses serve --cluster without certificates in one line naming the flags and --insecure")
  void clusterWithoutCertificatesRefuses() {
    Cli.Result refused = Cli.run("serve", "--cluster", "--roles", "hasher", "--members", "127.0.0.1:1");
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err().strip()).doesNotContain("\n").contains("--cluster-ca", "--cluster-secret", "--insecure");
    assertThat(noCertificate.process().isAlive()).as("the node started with --insecure runs").isTrue();
  }

  /** A client that takes any server certificate: the test is about what the server lets in. */
  private static final class TrustingEveryone implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
