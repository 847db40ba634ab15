package dev.cairn.gateway;

import static dev.cairn.gateway.KubernetesManifests.env;
import static dev.cairn.gateway.KubernetesManifests.options;
import static dev.cairn.gateway.KubernetesManifests.port;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.gateway.KubernetesManifests.Workload;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import picocli.CommandLine;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The Kubernetes manifests under {@code deploy/}, read as the cluster would read them and held
 * against each other and against the code: labels, ports, discovery, probes, stop time, memory.
 */
@DisplayName("The Kubernetes deployment")
class DeployManifestsTest {
  private static final Path DEPLOY = Path.of("..", "deploy").normalize();
  private static final KubernetesManifests BASE = new KubernetesManifests(DEPLOY.resolve("base"));
  /** Memory a JVM uses beside its heap and direct buffers: metaspace, compiled code, thread stacks. */
  private static final long NON_HEAP_BYTES = 192L << 20;
  private static final Pattern VARIABLE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  /** Runs {@code check} on each container with its workload. */
  private static void forEachContainer(BiConsumer<Container, Workload> check) {
    assertThat(BASE.workloads()).isNotEmpty();
    BASE.workloads().forEach(w -> w.containers().forEach(c -> check.accept(c, w)));
  }

  private static Set<String> roles(Container c) {
    return new HashSet<>(List.of(options(c).getOrDefault("--roles", "").split(",")));
  }

  private static Service headless() {
    List<Service> headless = BASE.all(Service.class).stream()
        .filter(s -> "None".equals(s.getSpec().getClusterIP())).collect(Collectors.toList());
    assertThat(headless).as("headless Services").hasSize(1);
    return headless.get(0);
  }

  @Test
  @DisplayName("lists every manifest under deploy/ in the kustomization, each a typed object in one namespace")
  void everyManifestIsListedAndParses() {
    assertThat(KubernetesManifests.yamlFiles(DEPLOY))
        .filteredOn(f -> !f.getFileName().toString().equals("kustomization.yaml"))
        .as("manifests no kustomization applies")
        .allSatisfy(f -> assertThat(BASE.resources).containsKey(f));
    assertThat(BASE.resources).isNotEmpty();
    BASE.resources.forEach((file, resource) -> {
      assertThat(resource).as(file + " is a kind the model knows").isNotInstanceOf(GenericKubernetesResource.class);
      assertThat(resource.getMetadata().getName()).as(file + " has a name").isNotBlank();
      assertThat(resource.getMetadata().getNamespace()).as(file + " leaves the namespace to the kustomization").isNull();
    });
    assertThat(BASE.namespace()).isNotBlank();
    assertThat(BASE.named(Namespace.class, BASE.namespace())).as("the namespace itself").isPresent();
  }

  @Test
  @DisplayName("selects each workload's pods by labels its pod template carries")
  void selectorsMatchPodLabels() {
    assertThat(BASE.workloads()).isNotEmpty().allSatisfy(w -> {
      assertThat(w.selector().getMatchExpressions()).as(w + " selects by labels only").isNullOrEmpty();
      Map<String, String> selector = w.selector().getMatchLabels();
      assertThat(selector).as(w + " selector").isNotEmpty();
      assertThat(w.podLabels()).as(w + " pod labels").containsAllEntriesOf(selector);
    });
  }

  @Test
  @DisplayName("routes every Service to workloads whose containers have the port it targets")
  void servicesReachContainerPorts() {
    assertThat(BASE.all(Service.class)).isNotEmpty().allSatisfy(service -> {
      String name = "Service " + service.getMetadata().getName();
      Map<String, String> selector = service.getSpec().getSelector();
      List<Workload> selected = BASE.workloads().stream().filter(w -> w.selectedBy(selector)).collect(Collectors.toList());
      assertThat(selected).as(name + " selects some workload's pods").isNotEmpty();
      for (ServicePort sp : service.getSpec().getPorts()) {
        for (Workload w : selected) {
          assertThat(w.containers()).as(name + " port " + sp.getName() + " in " + w)
              .anySatisfy(c -> assertThat(port(c, sp.getTargetPort()))
                  .hasValueSatisfying(p -> assertThat(protocol(p.getProtocol())).isEqualTo(protocol(sp.getProtocol()))));
        }
      }
    });
  }

  private static String protocol(String protocol) {
    return protocol == null ? "TCP" : protocol;
  }

  @Test
  @DisplayName("finds Hazelcast members through a headless Service that lists every pod, ready or not, on the configured port")
  void hazelcastDiscoveryIsConsistent() {
    Service headless = headless();
    assertThat(headless.getSpec().getPublishNotReadyAddresses()).as("publishNotReadyAddresses").isTrue();
    assertThat(BASE.workloads()).as("every cluster member is discoverable")
        .allSatisfy(w -> assertThat(w.selectedBy(headless.getSpec().getSelector())).as(w.toString()).isTrue());
    assertThat(BASE.all(StatefulSet.class)).allSatisfy(s ->
        assertThat(s.getSpec().getServiceName()).as("governing Service").isEqualTo(headless.getMetadata().getName()));
    String dns = headless.getMetadata().getName() + "." + BASE.namespace() + ".svc.cluster.local";

    forEachContainer((c, w) -> {
      Map<String, String> options = options(c);
      assertThat(options).as(w + " runs clustered").containsKey("--cluster");
      JsonNode hazelcast = hazelcastConfig(w, c).path("hazelcast");
      int memberPort = hazelcast.path("network").path("port").path("port").asInt(-1);
      JsonNode kubernetes = hazelcast.path("network").path("join").path("kubernetes");

      assertThat(hazelcast.path("network").path("port").path("auto-increment").asBoolean(true))
          .as("Hazelcast takes exactly its port").isFalse();
      assertThat(kubernetes.path("enabled").asBoolean()).as("Kubernetes discovery").isTrue();
      assertThat(kubernetes.path("service-dns").asString()).isEqualTo(dns);
      assertThat(kubernetes.path("service-port").asInt()).isEqualTo(memberPort);
      assertThat(hazelcast.path("network").path("join").path("multicast").path("enabled").asBoolean(true)).isFalse();
      assertThat(hazelcast.path("cluster-name").asString()).isEqualTo(options.get("--cluster-name"));

      assertThat(options.get("--cluster-port")).as(w + " --cluster-port").isEqualTo(String.valueOf(memberPort));
      assertThat(options.get("--kubernetes-service")).as(w + " --kubernetes-service").isEqualTo(dns);
      assertThat(headless.getSpec().getPorts()).as("headless Service port")
          .anySatisfy(sp -> {
            assertThat(sp.getPort()).isEqualTo(memberPort);
            assertThat(port(c, sp.getTargetPort()).map(ContainerPort::getContainerPort)).hasValue(memberPort);
          });
    });
  }

  /** The Hazelcast configuration the container's --hazelcast-config names, from the ConfigMap mounted there. */
  private static JsonNode hazelcastConfig(Workload w, Container c) {
    Path file = Path.of(options(c).getOrDefault("--hazelcast-config", ""));
    assertThat(file.isAbsolute()).as(w + " --hazelcast-config " + file).isTrue();
    VolumeMount mount = c.getVolumeMounts().stream().filter(m -> Path.of(m.getMountPath()).equals(file.getParent()))
        .findFirst().orElseThrow(() -> new AssertionError(w + ": nothing mounted at " + file.getParent()));
    Volume volume = volume(w, mount.getName());
    assertThat(volume.getConfigMap()).as(w + " volume " + volume.getName() + " is a ConfigMap").isNotNull();
    ConfigMap map = BASE.named(ConfigMap.class, volume.getConfigMap().getName())
        .orElseThrow(() -> new AssertionError("no ConfigMap " + volume.getConfigMap().getName()));
    String yaml = map.getData().get(file.getFileName().toString());
    assertThat(yaml).as("ConfigMap " + map.getMetadata().getName() + " holds " + file.getFileName()).isNotNull();
    try {
      return KubernetesManifests.YAML.readTree(yaml);
    } catch (JacksonException e) {
      throw new AssertionError("the Hazelcast configuration is not YAML", e);
    }
  }

  private static Volume volume(Workload w, String name) {
    return podVolume(w, name).orElseThrow(() -> new AssertionError(w + ": no volume " + name));
  }

  /** The pod's own volume of that name; a StatefulSet's claim templates are not among them. */
  private static Optional<Volume> podVolume(Workload w, String name) {
    return w.template().getSpec().getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst();
  }

  @Test
  @DisplayName("probes routes a running node answers with 200, on the container's HTTP port")
  void probesHitRealRoutes(@TempDir Path work) throws Exception {
    Map<String, Probe> probes = new LinkedHashMap<>();
    forEachContainer((c, w) -> {
      assertThat(c.getLivenessProbe()).as(w + " liveness probe").isNotNull();
      assertThat(c.getReadinessProbe()).as(w + " readiness probe").isNotNull();
      ContainerPort http = port(c, "http").orElseThrow(() -> new AssertionError(w + " has no port named http"));
      assertThat(options(c).get("--port")).as(w + " --port").isEqualTo(String.valueOf(http.getContainerPort()));
      assertThat(options(c).get("--host")).as(w + " listens beyond localhost").isEqualTo("0.0.0.0");
      Map.of("startup", Optional.ofNullable(c.getStartupProbe()), "liveness", Optional.of(c.getLivenessProbe()),
          "readiness", Optional.of(c.getReadinessProbe())).forEach((kind, probe) -> probe.ifPresent(p -> {
            HTTPGetAction get = p.getHttpGet();
            assertThat(get).as(w + " " + kind + " probe is an HTTP GET").isNotNull();
            assertThat(port(c, get.getPort())).as(w + " " + kind + " probe port").hasValue(http);
            probes.put(w + " " + kind, p);
          }));
    });

    HttpClient client = HttpClient.newHttpClient();
    try (CairnServer server = CairnServer.start(work.resolve("repo"), "127.0.0.1", 0, dev.cairn.gateway.http.GatewaySecurity.in(work.resolve("gateway-state")))) {
      for (Map.Entry<String, Probe> probe : probes.entrySet()) {
        URI uri = URI.create("http://127.0.0.1:" + server.port() + probe.getValue().getHttpGet().getPath());
        assertThat(statusOnceSettled(client, uri)).as(probe.getKey() + " probe " + uri.getPath()).isEqualTo(200);
      }
    }
  }

  /** GETs {@code uri}; while it answers 503 (a node still starting is not ready), asks again, for a minute at most. */
  private static int statusOnceSettled(HttpClient client, URI uri) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      int status = client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status != 503 || System.nanoTime() > deadline) {
        return status;
      }
      Thread.sleep(100);
    }
  }

  @Test
  @DisplayName("gives each pod longer to stop than serve takes to drain its jobs and close the node")
  void gracePeriodOutlastsTheDrain() {
    // CairnServer.close() waits for the drain, with 5 s more for the drain's own reply, then the close.
    long longestStopMillis = CairnServer.DRAIN_MILLIS + 5_000 + CairnServer.CLOSE_MILLIS;
    assertThat(BASE.workloads()).allSatisfy(w -> {
      Long grace = w.template().getSpec().getTerminationGracePeriodSeconds();
      long graceMillis = (grace == null ? 30 : grace) * 1000;
      assertThat(graceMillis).as(w + " terminationGracePeriodSeconds").isGreaterThan(longestStopMillis);
    });
  }

  @Test
  @DisplayName("asks for no more than its limits, and fits the JVM's heap and direct memory in the memory limit")
  void resourcesFitTheJvm() {
    forEachContainer((c, w) -> {
      Map<String, Quantity> requests = c.getResources().getRequests();
      Map<String, Quantity> limits = c.getResources().getLimits();
      for (String resource : List.of("cpu", "memory")) {
        assertThat(requests).as(w + " requests").containsKey(resource);
        assertThat(limits).as(w + " limits").containsKey(resource);
        assertThat(Quantity.getAmountInBytes(requests.get(resource)))
            .as(w + " " + resource + " request within its limit")
            .isLessThanOrEqualTo(Quantity.getAmountInBytes(limits.get(resource)));
      }
      long limit = Quantity.getAmountInBytes(limits.get("memory")).longValueExact();
      String flags = env(c, "JDK_JAVA_OPTIONS").map(e -> e.getValue()).orElse("");
      JvmMemory jvm = JvmMemory.of(flags, limit)
          .orElseThrow(() -> new AssertionError(w + " sets no heap size (-Xmx or -XX:MaxRAMPercentage) in JDK_JAVA_OPTIONS"));
      assertThat(jvm.heap() + jvm.direct() + NON_HEAP_BYTES)
          .as(w + ": " + jvm + " + non-heap " + NON_HEAP_BYTES + " within the limit " + limit)
          .isLessThanOrEqualTo(limit);
    });
  }

  @Test
  @DisplayName("runs every role, one store with its repository on a persistent volume, and sources every pod sees at one path")
  void rolesAndVolumes() {
    Set<String> roles = new HashSet<>();
    forEachContainer((c, w) -> {
      roles.addAll(roles(c));
      if (roles(c).contains("store")) {
        assertThat(w.kind()).as(w + " holds the store").isEqualTo("StatefulSet");
        assertThat(w.replicas()).as(w + " replicas: one writer per repository").isEqualTo(1);
        Path repo = Path.of(options(c).getOrDefault("--repo", ""));
        assertThat(c.getVolumeMounts()).as(w + " --repo " + repo + " lies on a claimed volume").anySatisfy(m -> {
          assertThat(repo.startsWith(Path.of(m.getMountPath()))).isTrue();
          assertThat(w.claimTemplates()).extracting(t -> t.getMetadata().getName()).contains(m.getName());
        });
      } else {
        assertThat(w.kind()).as(w + " scales").isEqualTo("Deployment");
      }
    });
    assertThat(roles).containsExactlyInAnyOrder("scanner", "hasher", "store", "gateway");

    Set<String> sourceMounts = new HashSet<>();
    forEachContainer((c, w) -> {
      List<String> shared = c.getVolumeMounts().stream()
          .filter(m -> podVolume(w, m.getName()).map(Volume::getPersistentVolumeClaim).isPresent())
          .map(VolumeMount::getMountPath).collect(Collectors.toList());
      assertThat(shared).as(w + " mounts the shared sources claim").hasSize(1);
      sourceMounts.addAll(shared);
    });
    assertThat(sourceMounts).as("where each pod sees the sources").hasSize(1);

    BASE.workloads().forEach(w -> w.template().getSpec().getVolumes().forEach(v -> {
      if (v.getPersistentVolumeClaim() != null) {
        assertThat(BASE.named(PersistentVolumeClaim.class, v.getPersistentVolumeClaim().getClaimName()))
            .as(w + " claim " + v.getPersistentVolumeClaim().getClaimName()).isPresent();
        assertThat(BASE.named(PersistentVolumeClaim.class, v.getPersistentVolumeClaim().getClaimName()).get()
            .getSpec().getAccessModes()).as("a claim several pods mount").contains("ReadWriteMany");
      }
    }));
  }

  @Test
  @DisplayName("gives every container a serve command line that cairn accepts")
  void argumentsParseAsServe() {
    forEachContainer((c, w) -> {
      List<CommandLine> parsed = CairnCommand.commandLine(Map.of())
          .parseArgs(c.getArgs().toArray(String[]::new)).asCommandLineList();
      assertThat(parsed).as(w + " runs a subcommand").hasSize(2);
      assertThat(parsed.get(1).getCommandName()).as(w + " runs").isEqualTo("serve");
    });
  }

  @Test
  @DisplayName("puts each pod's own address on the event bus, on a port the container declares")
  void busUsesThePodAddress() {
    forEachContainer((c, w) -> {
      Map<String, String> options = options(c);
      for (String option : List.of("--bus-host", "--public-host")) {
        Matcher variable = VARIABLE.matcher(options.getOrDefault(option, ""));
        assertThat(variable.matches()).as(w + " " + option + " is an environment variable").isTrue();
        assertThat(env(c, variable.group(1))).as(w + " " + option + " from the pod's IP")
            .hasValueSatisfying(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("status.podIP"));
      }
      assertThat(port(c, "bus").map(p -> String.valueOf(p.getContainerPort()))).as(w + " --bus-port")
          .hasValue(options.get("--bus-port"));
    });
  }

  @Test
  @DisplayName("meets the Pod Security level its namespace enforces, and runs the image the kustomization names")
  void podsMeetRestrictedSecurity() {
    Namespace namespace = BASE.named(Namespace.class, BASE.namespace()).orElseThrow();
    assertThat(namespace.getMetadata().getLabels()).containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    Set<String> images = new HashSet<>();
    BASE.kustomization.path("images").forEach(i -> images.add(i.path("name").asString()));
    forEachContainer((c, w) -> {
      PodSecurityContext pod = w.template().getSpec().getSecurityContext();
      SecurityContext own = c.getSecurityContext();
      assertThat(Boolean.TRUE.equals(pod.getRunAsNonRoot()) || Boolean.TRUE.equals(own.getRunAsNonRoot()))
          .as(w + " runAsNonRoot").isTrue();
      assertThat(own.getAllowPrivilegeEscalation()).as(w + " allowPrivilegeEscalation").isFalse();
      assertThat(own.getCapabilities().getDrop()).as(w + " drops capabilities").contains("ALL");
      String seccomp = own.getSeccompProfile() != null ? own.getSeccompProfile().getType()
          : pod.getSeccompProfile() != null ? pod.getSeccompProfile().getType() : null;
      assertThat(seccomp).as(w + " seccomp profile").isEqualTo("RuntimeDefault");
      assertThat(images).as(w + " image " + c.getImage()).contains(c.getImage().split(":")[0]);
    });
  }

  @Test
  @DisplayName("runs an image that exposes every container port and runs as the pods' user")
  void imageMatchesThePods() throws Exception {
    Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
    XPath xpath = XPathFactory.newInstance().newXPath();
    String jib = "/project/build/plugins/plugin[artifactId='jib-maven-plugin']/configuration/";
    NodeList exposed = (NodeList) xpath.evaluate(jib + "container/ports/port", pom, XPathConstants.NODESET);
    Set<Integer> ports = new HashSet<>();
    for (int i = 0; i < exposed.getLength(); i++) {
      ports.add(Integer.valueOf(exposed.item(i).getTextContent().trim()));
    }
    String user = xpath.evaluate(jib + "container/user", pom).trim();
    assertThat(user).as("the image's user").matches("\\d+:\\d+");
    forEachContainer((c, w) -> {
      assertThat(ports).as(w + " ports the image exposes")
          .containsAll(c.getPorts().stream().map(ContainerPort::getContainerPort).collect(Collectors.toList()));
      assertThat(w.template().getSpec().getSecurityContext().getRunAsUser() + ":"
          + w.template().getSpec().getSecurityContext().getRunAsGroup()).as(w + " user").isEqualTo(user);
    });
  }

  @Test
  @DisplayName("gives every pod the cluster's certificates and secret, and the gateway its HTTPS certificate, from Secrets; none runs --insecure")
  void trustComesFromSecrets() {
    forEachContainer((c, w) -> {
      Map<String, String> options = options(c);
      assertThat(options).as(w + " flags").doesNotContainKey("--insecure");
      List<String> flags = new java.util.ArrayList<>(List.of("--cluster-ca", "--cluster-cert", "--cluster-key",
          "--cluster-secret"));
      if (roles(c).contains("gateway")) {
        flags.addAll(List.of("--tls-cert", "--tls-key"));
        Stream.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe()).filter(java.util.Objects::nonNull)
            .forEach(p -> assertThat(p.getHttpGet().getScheme()).as(w + " probes the gateway over").isEqualTo("HTTPS"));
      }
      for (String flag : flags) {
        Path file = Path.of(options.getOrDefault(flag, ""));
        assertThat(file.isAbsolute()).as(w + " " + flag + " " + file).isTrue();
        VolumeMount mount = c.getVolumeMounts().stream().filter(m -> file.startsWith(Path.of(m.getMountPath())))
            .findFirst().orElseThrow(() -> new AssertionError(w + ": nothing mounted at " + file.getParent()));
        assertThat(volume(w, mount.getName()).getSecret()).as(w + " " + flag + " comes from a Secret").isNotNull();
      }
    });
  }

  @Test
  @DisplayName("gives the repository's password, from a Secret mounted as a file, to every role that needs it and no other")
  void passwordComesFromSecret() {
    Set<String> secrets = new HashSet<>();
    BiConsumer<Container, Workload> check = (c, w) -> {
      assertThat(env(c, "CAIRN_PASSWORD")).as(w + " holds no password inline").isEmpty();
      assertThat(env(c, "CAIRN_PASSWORD_COMMAND")).as(w + " CAIRN_PASSWORD_COMMAND").isEmpty();
      Set<String> roles = roles(c);
      boolean needs = "init".equals(c.getArgs().get(0)) || roles.contains("store") || roles.contains("hasher")
          || roles.contains("scanner");
      Optional<EnvVar> file = env(c, "CAIRN_PASSWORD_FILE");
      if (!needs) {
        assertThat(file).as(w + " (roles " + roles + ") needs no password").isEmpty();
        return;
      }
      assertThat(file).as(w + " " + c.getName() + " CAIRN_PASSWORD_FILE").isPresent();
      Path path = Path.of(file.get().getValue());
      assertThat(path.isAbsolute()).as(w + " CAIRN_PASSWORD_FILE " + path).isTrue();
      VolumeMount mount = c.getVolumeMounts().stream().filter(m -> path.startsWith(Path.of(m.getMountPath())))
          .findFirst().orElseThrow(() -> new AssertionError(w + ": nothing mounted at " + path.getParent()));
      assertThat(mount.getReadOnly()).as(w + " mounts the password read-only").isTrue();
      Volume volume = volume(w, mount.getName());
      assertThat(volume.getSecret()).as(w + " password comes from a Secret").isNotNull();
      // Kubernetes reads 0440 as octal (YAML 1.1); the parser here may read the digits as decimal.
      assertThat(volume.getSecret().getDefaultMode()).as(w + " password file mode 0440").isIn(0440, 440);
      secrets.add(volume.getSecret().getSecretName());
    };
    forEachContainer(check);
    BASE.workloads().forEach(w -> w.initContainers().forEach(c -> check.accept(c, w)));
    assertThat(secrets).as("the Secrets holding the password").hasSize(1);
    BASE.workloads().stream().filter(w -> w.containers().stream().allMatch(c -> roles(c).equals(Set.of("gateway"))))
        .forEach(w -> assertThat(w.template().getSpec().getVolumes()).as(w + " mounts no password")
            .noneMatch(v -> v.getSecret() != null && secrets.contains(v.getSecret().getSecretName())));
  }

  @Test
  @DisplayName("makes the repository before the store starts, as serve never does, and leaves one that exists be")
  void repositoryMadeBeforeTheStore() {
    forEachContainer((c, w) -> {
      if (!roles(c).contains("store")) {
        return;
      }
      List<Container> inits = w.initContainers().stream().filter(i -> "init".equals(i.getArgs().get(0))).toList();
      assertThat(inits).as(w + " runs cairn init first").hasSize(1);
      Container init = inits.get(0);
      List<CommandLine> parsed = CairnCommand.commandLine(Map.of())
          .parseArgs(init.getArgs().toArray(String[]::new)).asCommandLineList();
      assertThat(parsed.get(1).getCommandName()).isEqualTo("init");
      assertThat(options(init)).as(w + " init").containsKey("--if-missing")
          .containsEntry("--repo", options(c).get("--repo")).doesNotContainKey("--no-encryption");
      assertThat(init.getImage()).isEqualTo(c.getImage());
      assertThat(init.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(init.getSecurityContext().getCapabilities().getDrop()).contains("ALL");
      assertThat(init.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      Path repo = Path.of(options(c).get("--repo"));
      assertThat(init.getVolumeMounts()).as(w + " init mounts the repository's volume")
          .anyMatch(m -> repo.startsWith(Path.of(m.getMountPath())) && w.claimTemplates().stream()
              .anyMatch(t -> t.getMetadata().getName().equals(m.getName())));
    });
  }

  @Test
  @DisplayName("admits to every pod's Hazelcast and bus ports only cairn pods of its namespace, and leaves HTTP open")
  void networkPolicyClosesClusterPorts() {
    List<NetworkPolicy> policies = BASE.all(NetworkPolicy.class);
    assertThat(policies).as("NetworkPolicies").isNotEmpty();
    Map<String, String> cairnPods = headless().getSpec().getSelector();
    forEachContainer((c, w) -> {
      List<NetworkPolicy> selecting = policies.stream()
          .filter(p -> w.selectedBy(p.getSpec().getPodSelector().getMatchLabels())).toList();
      assertThat(selecting).as(w + " is selected by a NetworkPolicy").isNotEmpty();
      for (String name : List.of("hazelcast", "bus", "http")) {
        ContainerPort port = port(c, name).orElseThrow(() -> new AssertionError(w + " has no port " + name));
        List<NetworkPolicyIngressRule> admitting = selecting.stream()
            .filter(p -> p.getSpec().getPolicyTypes().contains("Ingress"))
            .flatMap(p -> p.getSpec().getIngress().stream())
            .filter(r -> r.getPorts() == null || r.getPorts().isEmpty() || r.getPorts().stream()
                .anyMatch(rp -> port(c, rp.getPort()).map(cp -> cp.equals(port)).orElse(false)))
            .toList();
        assertThat(admitting).as(w + " port " + name + " is admitted by some rule").isNotEmpty();
        if (name.equals("http")) {
          continue;
        }
        assertThat(admitting).as(w + " port " + name + ": every rule that admits it").allSatisfy(rule -> {
          assertThat(rule.getFrom()).as("admits from named peers only").isNotEmpty();
          assertThat(rule.getFrom()).allSatisfy(peer -> {
            assertThat(peer.getIpBlock()).as("no address block").isNull();
            assertThat(peer.getNamespaceSelector()).as("no other namespace").isNull();
            assertThat(peer.getPodSelector()).as("cairn pods").isNotNull();
            assertThat(cairnPods).as("cairn pods").containsAllEntriesOf(peer.getPodSelector().getMatchLabels());
            assertThat(peer.getPodSelector().getMatchLabels()).containsAllEntriesOf(cairnPods);
          });
        });
      }
    });
  }
}
