package dev.cairn.gateway;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.internal.KubernetesDeserializer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * KubernetesManifests is a kustomize base read the way {@code kubectl apply -k} reads it: its
 * {@code kustomization.yaml} names the resource files, and each file is parsed into the typed
 * fabric8 model of its kind.
 */
final class KubernetesManifests {
  /** Reads YAML; a Kubernetes resource comes out as the model class of its apiVersion and kind. */
  static final ObjectMapper YAML = YAMLMapper.builder()
      .addModule(new SimpleModule().addDeserializer(KubernetesResource.class, new KubernetesDeserializer()))
      .build();

  final Path directory;
  final JsonNode kustomization;
  /** Each resource file the kustomization names, with what it holds. */
  final Map<Path, HasMetadata> resources = new LinkedHashMap<>();

  KubernetesManifests(Path directory) {
    this.directory = directory;
    this.kustomization = read(directory.resolve("kustomization.yaml"));
    for (JsonNode name : kustomization.path("resources")) {
      Path file = directory.resolve(name.asString()).normalize();
      try {
        resources.put(file, (HasMetadata) YAML.readValue(file.toFile(), KubernetesResource.class));
      } catch (JacksonException e) {
        throw new IllegalArgumentException("cannot parse " + file, e);
      }
    }
  }

  static JsonNode read(Path yaml) {
    try {
      return YAML.readTree(yaml.toFile());
    } catch (JacksonException e) {
      throw new IllegalArgumentException("cannot parse " + yaml, e);
    }
  }

  /** Every YAML file under {@code root}. */
  static List<Path> yamlFiles(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
          .map(Path::normalize).sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String namespace() {
    return kustomization.path("namespace").asString(null);
  }

  <T extends HasMetadata> List<T> all(Class<T> kind) {
    return resources.values().stream().filter(kind::isInstance).map(kind::cast).collect(Collectors.toList());
  }

  <T extends HasMetadata> Optional<T> named(Class<T> kind, String name) {
    return all(kind).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst();
  }

  /** The Deployments and StatefulSets, as one shape. */
  List<Workload> workloads() {
    List<Workload> out = new ArrayList<>();
    for (Deployment d : all(Deployment.class)) {
      out.add(new Workload(d.getMetadata().getName(), "Deployment", d.getSpec().getReplicas(),
          d.getSpec().getSelector(), d.getSpec().getTemplate(), List.of()));
    }
    for (StatefulSet s : all(StatefulSet.class)) {
      out.add(new Workload(s.getMetadata().getName(), "StatefulSet", s.getSpec().getReplicas(),
          s.getSpec().getSelector(), s.getSpec().getTemplate(), s.getSpec().getVolumeClaimTemplates()));
    }
    return out;
  }

  /** A Deployment or a StatefulSet: what its pods look like and how they are selected. */
  record Workload(String name, String kind, Integer replicas, LabelSelector selector, PodTemplateSpec template,
      List<PersistentVolumeClaim> claimTemplates) {
    Map<String, String> podLabels() {
      Map<String, String> labels = template.getMetadata().getLabels();
      return labels == null ? Map.of() : labels;
    }

    List<Container> containers() {
      return template.getSpec().getContainers();
    }

    /** The containers that run, each to its end, before the pod's containers start. */
    List<Container> initContainers() {
      List<Container> init = template.getSpec().getInitContainers();
      return init == null ? List.of() : init;
    }

    boolean selectedBy(Map<String, String> selector) {
      return !selector.isEmpty() && podLabels().entrySet().containsAll(selector.entrySet());
    }

    @Override
    public String toString() {
      return kind + " " + name;
    }
  }

  /** The container port that {@code port} names or numbers, if there is one. */
  static Optional<ContainerPort> port(Container container, IntOrString port) {
    return container.getPorts().stream()
        .filter(p -> port.getStrVal() != null ? port.getStrVal().equals(p.getName()) : port.getIntVal().equals(p.getContainerPort()))
        .findFirst();
  }

  static Optional<ContainerPort> port(Container container, String name) {
    return port(container, new IntOrString(name));
  }

  static Optional<EnvVar> env(Container container, String name) {
    return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
  }

  /**
   * The options of a container's {@code cairn} command line, {@code --name=value} or
   * {@code --name value}; a flag with no value maps to "".
   */
  static Map<String, String> options(Container container) {
    List<String> args = container.getArgs();
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--")) {
        continue;
      }
      int eq = arg.indexOf('=');
      if (eq > 0) {
        options.put(arg.substring(0, eq), arg.substring(eq + 1));
      } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
        options.put(arg, args.get(++i));
      } else {
        options.put(arg, "");
      }
    }
    return options;
  }
}
