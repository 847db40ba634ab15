package dev.cairn.gateway.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import java.io.FileNotFoundException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;

/**
 * ClusterSettings say how a node joins its cluster: the Hazelcast cluster it is a member of and
 * how it finds the others, and where its event bus listens for the other nodes.
 *
 * <p>Discovery is a TCP-IP member list, or Kubernetes DNS discovery through a headless service;
 * multicast is never turned on, unless a given Hazelcast config file turns it on itself.
 *
 * @param name the Hazelcast cluster name, nodes with other names never join; {@code null} keeps the file's
 * @param port the Hazelcast member port; {@code 0} keeps the config file's (or 5701)
 * @param members {@code host:port} of other members to find, or empty
 * @param kubernetesService the DNS name of a headless service whose pods are the members, or {@code null}
 * @param configFile a Hazelcast YAML or XML file the flags above override or fill, or {@code null}
 * @param busHost the address the event bus listens on, or {@code null} for Vert.x's choice
 * @param busPort the event bus port; {@code 0} picks a free one
 * @param publicHost the address other nodes reach this one at, behind NAT, or {@code null}
 * @param trust the certificates and secret that make a node one of the cluster, or {@code null}
 *     for a cluster in plain text that admits any process reaching its ports ({@code --insecure})
 */
public record ClusterSettings(String name, int port, List<String> members, String kubernetesService, Path configFile,
    String busHost, int busPort, String publicHost, ClusterTrust trust) {

  public ClusterSettings {
    members = List.copyOf(members);
    if (!members.isEmpty() && kubernetesService != null) {
      throw new IllegalArgumentException("give either --members or --kubernetes-service, not both");
    }
  }

  /** Settings of a cluster in plain text, which admits any process that reaches its ports. */
  public ClusterSettings(String name, int port, List<String> members, String kubernetesService, Path configFile,
      String busHost, int busPort, String publicHost) {
    this(name, port, members, kubernetesService, configFile, busHost, busPort, publicHost, null);
  }

  /**
   * The Hazelcast configuration: the file's, or Vert.x's default maps with multicast off, with
   * these settings laid over it. A file that cannot be read or parsed fails with a message that
   * names it.
   */
  public Config hazelcastConfig() {
    Config config = configFile == null ? defaults() : load(configFile);
    if (name != null) {
      config.setClusterName(name);
    }
    NetworkConfig network = config.getNetworkConfig();
    if (port > 0) {
      network.setPort(port).setPortAutoIncrement(false);
    }
    if (publicHost != null) {
      network.setPublicAddress(publicHost + ":" + network.getPort());
    }
    // Hazelcast authenticates nobody: it listens on the cluster's interface only (the bus host's,
    // else the one it picks), never on every one.
    config.setProperty("hazelcast.socket.bind.any", "false");
    if (busHost != null) {
      network.getInterfaces().setEnabled(true).clear().addInterface(address(busHost));
    }
    // A member may send any serialized object; known gadget classes, and classes outside these
    // packages, are refused before they are built.
    JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig();
    filter.getWhitelist().addPrefixes("java.", "javax.", "com.hazelcast.", "io.vertx.", "dev.cairn.", "[");
    config.getSerializationConfig().setJavaSerializationFilterConfig(filter);
    JoinConfig join = network.getJoin();
    if (!members.isEmpty()) {
      join.getMulticastConfig().setEnabled(false);
      join.getKubernetesConfig().setEnabled(false);
      join.getTcpIpConfig().setEnabled(true).setMembers(members);
    } else if (kubernetesService != null) {
      join.getMulticastConfig().setEnabled(false);
      join.getTcpIpConfig().setEnabled(false);
      join.getKubernetesConfig().setEnabled(true).setProperty("service-dns", kubernetesService);
    }
    // Vert.x closes Hazelcast itself when the node stops; Hazelcast's own hook would race it.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.logging.type", "jdk");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    return config;
  }

  /** The event bus options of a clustered node: mutual TLS with {@link #trust}, plain text without. */
  public EventBusOptions eventBus(EventBusOptions options) {
    if (trust != null) {
      trust.secure(options);
    }
    if (busHost != null) {
      options.setHost(busHost);
    }
    options.setPort(busPort);
    if (publicHost != null) {
      options.setClusterPublicHost(publicHost);
    }
    return options;
  }

  private static String address(String host) {
    try {
      return InetAddress.getByName(host).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("--bus-host " + host + " is no address of this machine");
    }
  }

  private static Config defaults() {
    Config config = ConfigUtil.loadConfig();
    JoinConfig join = config.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true);
    return config;
  }

  private static Config load(Path file) {
    try {
      return Config.loadFromFile(file.toFile());
    } catch (FileNotFoundException e) {
      throw new IllegalArgumentException("no Hazelcast config file " + file);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot read the Hazelcast config file " + file + ": " + e.getMessage());
    }
  }
}
