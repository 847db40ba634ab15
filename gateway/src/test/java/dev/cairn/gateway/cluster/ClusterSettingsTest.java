package dev.cairn.gateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Cluster settings")
class ClusterSettingsTest {
  @TempDir Path work;

  private static ClusterSettings settings(List<String> members, String service, Path file) {
    return new ClusterSettings("backups", 5801, members, service, file, "127.0.0.1", 0, null);
  }

  @Test
  @DisplayName("join through the member list over TCP/IP, never multicast, under the cluster name and port given")
  void memberList() {
    Config config = settings(List.of("10.0.0.1:5801", "10.0.0.2:5801"), null, null).hazelcastConfig();
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertThat(config.getClusterName()).isEqualTo("backups");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5801);
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("10.0.0.1:5801", "10.0.0.2:5801");
    // The maps Vert.x keeps its subscriptions in come from its default configuration.
    assertThat(config.getMultiMapConfigs()).containsKey("__vertx.subs");
  }

  @Test
  @DisplayName("find members through a headless Kubernetes service by its DNS name")
  void kubernetes() {
    JoinConfig join = settings(List.of(), "cairn.backup.svc.cluster.local", null).hazelcastConfig().getNetworkConfig()
        .getJoin();
    assertThat(join.getKubernetesConfig().isEnabled()).isTrue();
    assertThat(join.getKubernetesConfig().getProperty("service-dns")).isEqualTo("cairn.backup.svc.cluster.local");
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
  }

  @Test
  @DisplayName("take a YAML file as it is, multicast included, with the flags laid over it")
  void configFile() throws IOException {
    Path file = Files.writeString(work.resolve("hazelcast.yaml"), """
        hazelcast:
          cluster-name: from-file
          network:
            join:
              multicast:
                enabled: true
        """);
    Config config = settings(List.of(), null, file).hazelcastConfig();
    assertThat(config.getClusterName()).isEqualTo("backups");
    assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isTrue();
    Config fileOnly = new ClusterSettings(null, 0, List.of(), null, file, null, 0, null).hazelcastConfig();
    assertThat(fileOnly.getClusterName()).isEqualTo("from-file");
    Config withMembers = settings(List.of("10.0.0.1:5801"), null, file).hazelcastConfig();
    assertThat(withMembers.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
  }

  @Test
  @DisplayName("name a config file that is missing or unreadable, and refuse two discoveries at once")
  void badInput() throws IOException {
    Path missing = work.resolve("none.yaml");
    assertThatThrownBy(() -> settings(List.of(), null, missing).hazelcastConfig())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("no Hazelcast config file " + missing);
    Path broken = Files.writeString(work.resolve("broken.xml"), "<hazelcast><network>");
    assertThatThrownBy(() -> settings(List.of(), null, broken).hazelcastConfig())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(broken.toString());
    assertThatThrownBy(() -> settings(List.of("a:1"), "svc", null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not both");
  }

  @Test
  @DisplayName("listen for Hazelcast members on the bus host's address only, not on every interface")
  void hazelcastListensOnTheBusHostOnly() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Config config = new ClusterSettings("bind-" + port, port, List.of("127.0.0.1:" + port), null, null, "127.0.0.1", 0,
        null).hazelcastConfig();
    HazelcastInstance member = Hazelcast.newHazelcastInstance(config);
    try {
      try (Socket ours = new Socket("127.0.0.1", port)) {
        assertThat(ours.isConnected()).as("the bus host's address").isTrue();
      }
      // Another address of this machine: a member listening on every interface would take it.
      assertThatThrownBy(() -> new Socket("127.0.0.2", port).close()).as("another address of this machine")
          .isInstanceOf(ConnectException.class);
    } finally {
      member.shutdown();
    }
  }
}
