package dev.cairn.gateway.http;

import dev.cairn.gateway.jobs.JobRequest;
import dev.cairn.gateway.jobs.JobRequest.BackupRequest;
import dev.cairn.gateway.jobs.JobRequest.RestoreRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * PathRoots are the directories under which API jobs may read (back up) and write (restore),
 * given to {@code serve} with {@code --allow-path}. With none given, no API job backs up or
 * restores anything: a backup or restore runs with the server's identity, so what it may touch is
 * the operator's choice, never a caller's.
 *
 * <p>A path is judged by where it really is: its real path, links resolved, or for a restore target
 * not made yet, the real path of its nearest existing ancestor with the rest appended. So a link
 * under a root that points outside it leads nowhere. The gateway's own state directory and the
 * repository are never sources or targets, whatever the roots. Blocking: it reads the filesystem.
 */
final class PathRoots {
  /** As many links as the kernel follows in one path before it gives up (Linux: 40). */
  private static final int MAX_LINKS = 40;

  private final List<Path> roots;
  private final List<Path> off;

  /** Roots {@code roots}, with {@code off} (the state directory, the repository) refused even under them. */
  PathRoots(List<Path> roots, List<Path> off) {
    this.roots = List.copyOf(roots);
    this.off = List.copyOf(off);
  }

  /** Refuses, with 403, a backup source or restore target of {@code request} that is not under a root. */
  void check(JobRequest request) {
    if (request instanceof BackupRequest backup) {
      for (String path : backup.paths()) {
        check(path, "back up");
      }
    } else if (request instanceof RestoreRequest restore) {
      check(restore.target(), "restore into");
    }
  }

  private void check(String path, String verb) {
    if (roots.isEmpty()) {
      throw new ApiError(403, "path_not_allowed", "this server lets API jobs " + verb + " nothing, so not " + path
          + "; start serve with --allow-path DIR to let jobs read and write under DIR");
    }
    Path real = real(Path.of(path));
    List<Path> realRoots = roots.stream().map(PathRoots::real).toList();
    if (realRoots.stream().noneMatch(real::startsWith)) {
      throw new ApiError(403, "path_not_allowed", "cannot " + verb + " " + path
          + (real.toString().equals(path) ? "" : " (really " + real + ")") + ": it is outside the roots this server allows ("
          + realRoots.stream().map(Path::toString).collect(Collectors.joining(", "))
          + "); start serve with --allow-path to allow another");
    }
    for (Path own : off) {
      Path realOwn = real(own);
      if (real.startsWith(realOwn) || (verb.startsWith("back") && realOwn.startsWith(real))) {
        throw new ApiError(403, "path_not_allowed", "cannot " + verb + " " + path + ": it holds the server's own "
            + realOwn + ", which API jobs never touch");
      }
    }
  }

  /**
   * Where {@code path} really is: its real path if it exists, else its nearest existing ancestor's
   * real path with the missing names appended (a link that dangles counts as existing, and leads
   * to where it would point).
   */
  static Path real(Path path) {
    return real(path, 0);
  }

  private static Path real(Path path, int links) {
    if (links > MAX_LINKS) {
      throw new ApiError(403, "path_not_allowed", path + " leads through more than " + MAX_LINKS + " links");
    }
    Path absolute = path.toAbsolutePath().normalize();
    List<Path> missing = new ArrayList<>();
    Path at = absolute;
    while (at != null) {
      try {
        Path real = at.toRealPath();
        for (int i = missing.size() - 1; i >= 0; i--) {
          real = real.resolve(missing.get(i));
        }
        return real;
      } catch (IOException e) {
        if (Files.isSymbolicLink(at)) {
          return real(resolveLink(at), links + 1).resolve(joined(missing));
        }
        missing.add(at.getFileName());
        at = at.getParent();
      }
    }
    return absolute;
  }

  private static Path resolveLink(Path link) {
    try {
      return link.resolveSibling(Files.readSymbolicLink(link));
    } catch (IOException e) {
      return link;
    }
  }

  private static Path joined(List<Path> reversed) {
    Path p = Path.of("");
    for (int i = reversed.size() - 1; i >= 0; i--) {
      p = p.resolve(reversed.get(i));
    }
    return p;
  }
}
