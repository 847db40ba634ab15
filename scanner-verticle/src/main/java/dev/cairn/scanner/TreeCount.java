package dev.cairn.scanner;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * TreeCount counts the files under a backup's sources and their size, reading metadata only, so
 * that progress shows a total, a share done and a time left long before the backup's own walk,
 * which the hashers pace, has met everything. It is an estimate made ahead of the walk: files may
 * change meanwhile, and the walk's own totals replace it once the walk is done.
 */
final class TreeCount {
  private TreeCount() {}

  /** Files and bytes counted. */
  record Total(long files, long bytes) {}

  /** Counts regular files below {@code sources}, never following links; stops early once {@code stop} says so. Blocks. */
  static Total count(List<String> sources, BooleanSupplier stop) throws IOException {
    long[] total = new long[2];
    for (Path source : outermost(sources)) {
      if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
        continue;
      }
      Files.walkFileTree(source, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          return stop.getAsBoolean() ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (attrs.isRegularFile()) {
            total[0]++;
            total[1] += attrs.size();
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE; // the walk itself reports what it cannot read
        }
      });
    }
    return new Total(total[0], total[1]);
  }

  /** The sources that no other source contains, so nothing is counted twice. */
  private static List<Path> outermost(List<String> sources) {
    List<Path> paths = sources.stream().map(s -> Path.of(s).normalize()).distinct().toList();
    List<Path> outer = new ArrayList<>();
    for (Path p : paths) {
      if (paths.stream().noneMatch(other -> !other.equals(p) && p.startsWith(other))) {
        outer.add(p);
      }
    }
    return outer;
  }
}
