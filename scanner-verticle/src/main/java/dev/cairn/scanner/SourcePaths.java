package dev.cairn.scanner;

import dev.cairn.common.RawPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.TreeMap;
import java.util.List;
import java.util.Map;

/**
 * SourcePaths turns the backup's source paths into the shape of the root tree: each source sits
 * at its absolute location, sources nested in another are dropped (the outer walk covers them),
 * and sources sharing a parent share its directory.
 */
final class SourcePaths {
  private SourcePaths() {}

  /** The sources under one name: whether the name itself is a source, else the paths below it. */
  record Group(byte[] name, boolean isSource, List<List<byte[]>> rest) {}

  /**
   * Resolves the directories above each source to their real location, so that a source reached
   * through a linked directory ({@code /home} linking to {@code /data/home}) is backed up rather
   * than recorded as the link. The source itself is never followed. Blocks.
   */
  static List<String> resolveParents(List<String> paths) {
    List<String> resolved = new ArrayList<>();
    for (String p : paths) {
      Path path = Path.of(p).normalize();
      Path parent = path.getParent();
      if (!path.isAbsolute()) {
        resolved.add(p);
        continue;
      }
      try {
        resolved.add(parent == null ? path.toString() : parent.toRealPath().resolve(path.getFileName()).toString());
      } catch (java.io.IOException e) {
        resolved.add(path.toString());
      }
    }
    return resolved;
  }

  /** Splits absolute paths into name components, dropping sources nested in other sources. */
  static List<List<byte[]>> components(List<String> paths) {
    if (paths.isEmpty()) {
      throw new IllegalArgumentException("no source path given");
    }
    List<List<byte[]>> all = new ArrayList<>();
    for (String p : paths) {
      Path path = Path.of(p);
      if (!path.isAbsolute()) {
        throw new IllegalArgumentException("source path must be absolute: " + p);
      }
      List<byte[]> parts = new ArrayList<>();
      for (Path part : path.normalize()) {
        parts.add(RawPaths.bytes(part));
      }
      all.add(parts);
    }
    all.sort((a, b) -> Integer.compare(a.size(), b.size()));
    List<List<byte[]>> kept = new ArrayList<>();
    for (List<byte[]> candidate : all) {
      if (kept.stream().noneMatch(k -> isPrefix(k, candidate))) {
        kept.add(candidate);
      }
    }
    return kept;
  }

  /** Groups paths by their first component, in name order. */
  static List<Group> groupByFirst(List<List<byte[]>> paths) {
    Map<byte[], List<List<byte[]>>> byName = new TreeMap<>(Arrays::compareUnsigned);
    paths.forEach(p -> byName.computeIfAbsent(p.get(0), k -> new ArrayList<>()).add(p));
    List<Group> groups = new ArrayList<>();
    for (List<List<byte[]>> same : byName.values()) {
      byte[] name = same.get(0).get(0);
      boolean isSource = same.stream().anyMatch(p -> p.size() == 1);
      List<List<byte[]>> rest = isSource ? List.of() : same.stream().map(p -> p.subList(1, p.size())).toList();
      groups.add(new Group(name, isSource, rest));
    }
    return groups;
  }

  private static boolean isPrefix(List<byte[]> prefix, List<byte[]> path) {
    if (prefix.size() > path.size()) {
      return false;
    }
    for (int i = 0; i < prefix.size(); i++) {
      if (!Arrays.equals(prefix.get(i), path.get(i))) {
        return false;
      }
    }
    return true;
  }
}
