package dev.cairn.gateway.http;

import dev.cairn.common.ChunkerParams;
import dev.cairn.store.RepositorySetup;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.gateway.CairnServer;
import dev.cairn.gateway.Role;
import dev.cairn.gateway.SampleTree;
import dev.cairn.gateway.CairnCommand;
import dev.cairn.gateway.cluster.ClusterSettings;
import dev.cairn.gateway.cluster.ClusterTrust;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two clustered nodes in this JVM: one runs every role, the other only a gateway. */
@DisplayName("Gateways of one cluster")
class ClusteredGatewaysTest {
  @TempDir Path work;
  private final List<Served> served = new ArrayList<>();

  @AfterEach
  void stop() {
    for (int i = served.size() - 1; i >= 0; i--) {
      served.get(i).close();
    }
  }

  @Test
  @DisplayName("list, show and stream a job that another gateway runs, with the node that hashed it")
  void anyGatewayShowsEveryJob() throws Exception {
    Path source = SampleTree.random(work.resolve("src"), 2, 20, 8 << 10, 3);
    String name = "cairn-test-" + UUID.randomUUID();
    int[] ports = {freePort(), freePort()};
    List<String> members = List.of("127.0.0.1:" + ports[0], "127.0.0.1:" + ports[1]);
    ClusterTrust trust = trust(work.resolve("cluster-ca"));
    Served full = start(Role.all(), work.resolve("repo"), new ClusterSettings(name, ports[0], members, null, null,
        "127.0.0.1", 0, null, trust));
    Served front = start(Set.of(Role.GATEWAY), null, new ClusterSettings(name, ports[1], members, null, null,
        "127.0.0.1", 0, null, trust));

    JsonObject created = full.post("/api/jobs", new JsonObject().put("type", "backup")
        .put("paths", new JsonArray().add(source.toString()))).bodyAsJsonObject();
    String id = created.getString("id");

    List<JsonObject> events = new ArrayList<>();
    try (EventReader reader = new EventReader(front, "/api/jobs/" + id + "/events")) {
      for (JsonObject event = reader.next(); event != EventReader.END; event = reader.next()) {
        events.add(event);
      }
    }
    assertThat(events).isNotEmpty();
    assertThat(events.get(events.size() - 1).getString("state")).isEqualTo("succeeded");

    JsonObject shown = front.ended(id);
    assertThat(shown.getString("snapshot")).isNotNull();
    JsonObject workers = shown.getJsonObject("workers");
    assertThat(workers.fieldNames()).containsExactly(full.server.node().id());
    assertThat(workers.getJsonObject(full.server.node().id()).getLong("files")).isEqualTo(40);
    // The hasher ran beside the store: nothing crossed the network.
    assertThat(shown.getJsonObject("counters").getLong("bytesSent")).isZero();

    JsonArray listed = front.get("/api/jobs").bodyAsJsonObject().getJsonArray("jobs");
    assertThat(listed).extracting(j -> ((JsonObject) j).getString("id")).containsExactly(id);
    assertThat(front.get("/api/snapshots").bodyAsJsonObject().getJsonArray("snapshots"))
        .extracting(s -> ((JsonObject) s).getString("id")).containsExactly(shown.getString("snapshot"));
  }

  /** The trust of a new cluster authority made in {@code dir} through the command line, one certificate for both nodes. */
  private static ClusterTrust trust(Path dir) {
    StringWriter err = new StringWriter();
    PrintWriter quiet = new PrintWriter(new StringWriter());
    assertThat(CairnCommand.execute(new String[] {"cluster", "ca", "--out", dir.toString()}, java.util.Map.of(), quiet, new PrintWriter(err)))
        .as(err.toString()).isZero();
    assertThat(CairnCommand.execute(new String[] {"cluster", "cert", "node", "--ca", dir.toString(), "--out",
        dir.toString()}, java.util.Map.of(), quiet, new PrintWriter(err))).as(err.toString()).isZero();
    return ClusterTrust.of(dir.resolve("ca.pem"), dir.resolve("node.pem"), dir.resolve("node-key.pem"),
        dir.resolve("cluster.secret"));
  }

  private Served start(Set<Role> roles, Path repository, ClusterSettings cluster) {
    Served s = new Served(CairnServer.start(roles, repository,
        RepositorySetup.plainText(true, ChunkerParams.defaults()), cluster, "127.0.0.1", 0, new GatewaySecurity(work.resolve("gateway-state-" + served.size()),
        List.of(), List.of(work), null, null, false, false, null)));
    served.add(s);
    return s;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
