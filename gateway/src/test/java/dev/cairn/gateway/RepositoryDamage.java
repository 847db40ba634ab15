package dev.cairn.gateway;

import dev.cairn.common.ContentHash;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** RepositoryDamage does to a repository's files what a hostile or broken disk does, as the file formats allow. */
public final class RepositoryDamage {
  /** Bytes before the first pack of an index file: magic and pack count. */
  private static final int INDEX_HEADER = 8 + 4;
  /** Bytes of one entry: type, id, offset, length. */
  private static final int ENTRY = 1 + 32 + 8 + 4;

  private RepositoryDamage() {}

  /** A copy of the repository in {@code repo} at {@code dir/repo}, for a test to damage or change. */
  public static Path copy(Path repo, Path dir) throws IOException {
    Path copy = dir.resolve("repo");
    try (Stream<Path> files = Files.walk(repo)) {
      for (Path from : files.toList()) {
        Files.copy(from, copy.resolve(repo.relativize(from).toString()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
    return copy;
  }

  /** The index files of the repository in {@code repo}, sorted. */
  public static List<Path> indexFiles(Path repo) throws IOException {
    try (Stream<Path> files = Files.list(repo.resolve("index"))) {
      return files.sorted().toList();
    }
  }

  /** The pack files of the repository in {@code repo}, sorted. */
  public static List<Path> packFiles(Path repo) throws IOException {
    try (Stream<Path> files = Files.walk(repo.resolve("packs"))) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /**
   * Makes every entry of index file {@code index} claim {@code length} bytes, then renames the file
   * to the hash of its new content, so that only the sizes it claims give it away.
   */
  public static Path claimLength(Path index, int length) throws IOException {
    ByteBuffer content = ByteBuffer.wrap(Files.readAllBytes(index));
    int at = INDEX_HEADER;
    int packs = content.getInt(8);
    for (int p = 0; p < packs; p++) {
      int count = content.getInt(at + 32);
      at += 32 + 4;
      for (int i = 0; i < count; i++) {
        content.putInt(at + ENTRY - 4, length);
        at += ENTRY;
      }
    }
    Path renamed = index.resolveSibling(ContentHash.blake3().hash(content.array()).hex());
    Files.write(renamed, content.array());
    Files.delete(index);
    return renamed;
  }

  /**
   * Grows pack {@code pack} to {@code size} bytes without writing them (a sparse file), and, if
   * {@code claimed} is not negative, writes a footer at its new end claiming that many entries.
   */
  public static void grow(Path pack, long size, int claimed) throws IOException {
    try (RandomAccessFile file = new RandomAccessFile(pack.toFile(), "rw")) {
      file.setLength(size);
      if (claimed >= 0) {
        file.seek(size - 12);
        file.writeInt(claimed);
        file.write("cairnpk1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      }
    }
  }
}
