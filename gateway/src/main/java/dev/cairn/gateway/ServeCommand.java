package dev.cairn.gateway;

import dev.cairn.gateway.cluster.ClusterSettings;
import dev.cairn.gateway.cluster.ClusterTrust;
import dev.cairn.gateway.http.GatewaySecurity;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * ServeCommand runs a node until it is told to stop: every role and the web gateway, or, with
 * {@code --cluster}, the roles it is given as a member of a cluster.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {
      "Run a node as a service: every role, plus the web gateway: the page at /, the JSON API under /api, "
          + "health probes at /health/live and /health/ready, and Prometheus metrics at /metrics.",
      "REPO must exist: serve never creates a repository (cairn init makes one). Every node that stores, hashes, "
          + "scans or restores needs the password of an encrypted one (--password-file, CAIRN_PASSWORD_FILE, "
          + "CAIRN_PASSWORD or CAIRN_PASSWORD_COMMAND); a gateway-only node does not. Stops cleanly on SIGTERM or Ctrl-C: running jobs are cancelled "
          + "(a cancelled backup commits nothing) and the store seals what it holds, within about a minute at most.",
      "With --cluster the node joins a Hazelcast cluster and runs only --roles; REPO is needed with the store "
          + "role only, and a node without the gateway role answers only the two health probes on --port.",
      "Every route but the health probes and the page's files needs a credential: an API token (cairn token) "
          + "or a page user's session (cairn user). At first start, with none, an admin token is written to "
          + "STATE_DIR/admin-token, readable by this user only.",
      "API backups and restores run as this process's user, and only under the --allow-path roots: with none, "
          + "the API backs up and restores nothing (check, forget and prune still run).",
      "A cluster admits only nodes with a certificate its authority signed (--cluster-ca ...; cairn cluster ca "
          + "and cairn cluster cert make them); plain HTTP on an address other than loopback needs --insecure."
    })
final class ServeCommand implements Callable<Integer> {
  /** Flags that mean nothing without {@code --cluster}. */
  private static final List<String> CLUSTER_ONLY = List.of("--roles", "--cluster-name", "--cluster-port", "--members",
      "--kubernetes-service", "--hazelcast-config", "--bus-host", "--bus-port", "--public-host", "--cluster-ca",
      "--cluster-cert", "--cluster-key", "--cluster-secret");
  /** The flags that make a node one of its cluster, each needed without --insecure. */
  private static final String TRUST_FLAGS = "--cluster-ca, --cluster-cert, --cluster-key and --cluster-secret";

  @Spec CommandSpec spec;
  @Mixin RepositoryOptions options;
  @Mixin PasswordOptions password;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "The TCP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "The address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
  String host;

  @Option(names = "--cluster", description = "Join a cluster of cairn nodes (Hazelcast); without it, one node runs every role.")
  boolean cluster;

  @Option(names = "--roles", paramLabel = "ROLES", defaultValue = "scanner,hasher,store,gateway",
      description = "With --cluster, the roles this node runs, any of scanner,hasher,store,gateway (default: all).")
  String roles;

  @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = "cairn",
      description = "The cluster to join; nodes of other clusters are ignored (default: ${DEFAULT-VALUE}).")
  String clusterName;

  @Option(names = "--cluster-port", paramLabel = "PORT", defaultValue = "5701",
      description = "The Hazelcast member port (default: ${DEFAULT-VALUE}).")
  int clusterPort;

  @Option(names = "--members", paramLabel = "HOST:PORT,...", split = ",",
      description = "Other members to find over TCP/IP (the default discovery).")
  List<String> members = List.of();

  @Option(names = "--kubernetes-service", paramLabel = "SERVICE_DNS_NAME",
      description = "Find members through the DNS name of a headless Kubernetes service instead.")
  String kubernetesService;

  @Option(names = "--hazelcast-config", paramLabel = "FILE",
      description = "A Hazelcast YAML or XML config; the flags given override or fill it. Multicast is off unless it turns it on.")
  Path hazelcastConfig;

  @Option(names = "--bus-host", paramLabel = "HOST", description = "The address the event bus listens on for other nodes.")
  String busHost;

  @Option(names = "--bus-port", paramLabel = "PORT", defaultValue = "0",
      description = "The event bus port (default: any free port).")
  int busPort;

  @Option(names = "--public-host", paramLabel = "HOST",
      description = "The address other nodes reach this one at, when it differs (NAT).")
  String publicHost;

  @Option(names = "--cluster-ca", paramLabel = "FILE",
      description = "The cluster's certificate authority (PEM; cairn cluster ca makes one): the event bus admits only "
          + "nodes whose certificate it signed.")
  Path clusterCa;

  @Option(names = "--cluster-cert", paramLabel = "FILE", description = "This node's certificate, signed by --cluster-ca (PEM).")
  Path clusterCert;

  @Option(names = "--cluster-key", paramLabel = "FILE", description = "The private key of --cluster-cert (PEM).")
  Path clusterKey;

  @Option(names = "--cluster-secret", paramLabel = "FILE",
      description = "The cluster secret cairn cluster ca made, which seals what nodes keep in Hazelcast.")
  Path clusterSecret;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "The gateway's own directory (credentials, the first admin token, a self-signed certificate), "
          + "readable by this user only (default: $CAIRN_STATE_DIR, else $XDG_STATE_HOME/cairn, else ~/.local/state/cairn).")
  Path stateDir;

  @Option(names = "--allow-host", paramLabel = "NAME",
      description = "A name the Host header may carry besides localhost names and the bind address (repeatable); "
          + "any other is refused with 403, which stops DNS rebinding. Name the proxy's public name here.")
  List<String> allowHosts = List.of();

  @Option(names = "--allow-path", paramLabel = "DIR",
      description = "A directory under which API jobs may back up and restore, links resolved (repeatable; "
          + "default: none, so the API backs up and restores nothing).")
  List<Path> allowPaths = List.of();

  @Option(names = "--tls-cert", paramLabel = "FILE", description = "The gateway's TLS certificate chain (PEM).")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "The private key of --tls-cert (PEM).")
  Path tlsKey;

  @Option(names = "--tls", description = "Serve TLS with a self-signed certificate made at first start in --state-dir; "
      + "its fingerprint is printed.")
  boolean selfSignedTls;

  @Option(names = "--insecure", description = "Allow plain HTTP on an address other than loopback, and a cluster "
      + "without certificates, which any process reaching its ports can join.")
  boolean insecure;

  @Option(names = "--metrics-token-file", paramLabel = "FILE",
      description = "A file holding the bearer token /metrics asks for (default: /metrics takes any role's credentials).")
  Path metricsTokenFile;

  @Override
  public Integer call() throws InterruptedException {
    if (!cluster) {
      for (String flag : CLUSTER_ONLY) {
        if (given(flag)) {
          throw new CommandLine.ParameterException(spec.commandLine(), flag + " needs --cluster");
        }
      }
    }
    Set<Role> nodeRoles = cluster ? parseRoles() : Role.all();
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new CliFailure(2, "--tls-cert and --tls-key go together");
    }
    GatewaySecurity security = security();
    if (nodeRoles.contains(Role.GATEWAY) && !security.tls() && !insecure && !loopback(host)) {
      throw new CliFailure(2, "serving plain HTTP on " + host + " lets anyone on the network read it: give --tls, "
          + "or --tls-cert and --tls-key, or --insecure");
    }
    Path repository = nodeRoles.contains(Role.STORE) || options.repo != null ? options.repository() : null;
    ClusterSettings settings = cluster ? clusterSettings() : null;
    CairnServer server = CairnServer.start(nodeRoles, repository, password.existing(), settings, host, port, security);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      err.println("cairn: stopping");
      err.flush();
      try {
        server.close();
        err.println("cairn: stopped");
      } catch (RuntimeException e) {
        err.println("cairn: stopped uncleanly: " + e.getMessage());
      } finally {
        err.flush();
        stopped.countDown();
      }
    }, "cairn-stop"));
    if (!cluster) {
      out.println("cairn: serving " + repository + " at " + server.url());
    } else {
      String what = nodeRoles.stream().map(Role::wire).collect(Collectors.joining(","));
      out.println("cairn: node " + server.node().id() + " (" + what + ") joined cluster " + clusterName + "; "
          + (nodeRoles.contains(Role.GATEWAY) ? "gateway" : "health probes") + " at " + server.url());
    }
    if (server.firstAdminToken() != null) {
      out.println("cairn: no credentials yet: wrote an admin token to " + server.firstAdminToken()
          + " (readable by this user only); cairn token create makes more");
    }
    if (server.tlsFingerprint() != null) {
      out.println("cairn: TLS certificate SHA-256 fingerprint " + server.tlsFingerprint());
    }
    out.flush();
    stopped.await();
    return 0;
  }

  private GatewaySecurity security() {
    for (Path root : allowPaths) {
      if (!java.nio.file.Files.isDirectory(root)) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--allow-path " + root + " is not a directory");
      }
    }
    Path state = stateDir != null ? stateDir.toAbsolutePath() : GatewaySecurity.defaultStateDir();
    return new GatewaySecurity(state, allowHosts, allowPaths.stream().map(Path::toAbsolutePath).toList(), tlsCert, tlsKey, selfSignedTls, insecure,
        metricsTokenFile);
  }

  private static boolean loopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new CliFailure(2, "--host " + address + " is no address of this machine");
    }
  }

  /** The trust the flags give, or null with --insecure; without both, one line says what to give. */
  private ClusterTrust clusterTrust() {
    List<Path> files = Arrays.asList(clusterCa, clusterCert, clusterKey, clusterSecret);
    if (files.stream().allMatch(Objects::isNull)) {
      if (insecure) {
        return null;
      }
      throw new CliFailure(2, "a cluster needs " + TRUST_FLAGS + " (cairn cluster ca and cairn cluster cert make them), "
          + "or --insecure to let any process that reaches its ports join it");
    }
    if (files.stream().anyMatch(Objects::isNull)) {
      throw new CliFailure(2, "give " + TRUST_FLAGS + " together");
    }
    try {
      return ClusterTrust.of(clusterCa, clusterCert, clusterKey, clusterSecret);
    } catch (IllegalArgumentException e) {
      throw new CliFailure(2, e.getMessage());
    }
  }

  private boolean given(String flag) {
    return spec.commandLine().getParseResult().hasMatchedOption(flag);
  }

  private Set<Role> parseRoles() {
    try {
      return Role.parse(roles);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  private ClusterSettings clusterSettings() {
    for (String member : members) {
      if (member.isBlank() || member.contains(" ")) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--members takes host:port,host:port, not \""
            + String.join(",", members) + "\"");
      }
    }
    // With a config file, a name or port not given on the command line is the file's.
    boolean fromFile = hazelcastConfig != null;
    String name = fromFile && !given("--cluster-name") ? null : clusterName;
    int memberPort = fromFile && !given("--cluster-port") ? 0 : clusterPort;
    ClusterSettings plain;
    try {
      plain = new ClusterSettings(name, memberPort, members, kubernetesService, hazelcastConfig, busHost, busPort,
          publicHost);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
    // Flags that do not fit and a config file that cannot be read are named before trust is asked for.
    plain.hazelcastConfig();
    return new ClusterSettings(name, memberPort, members, kubernetesService, hazelcastConfig, busHost, busPort,
        publicHost, clusterTrust());
  }

}
