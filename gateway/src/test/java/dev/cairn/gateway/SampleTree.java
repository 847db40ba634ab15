package dev.cairn.gateway;

import dev.cairn.common.RawPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;

/** SampleTree writes a source tree with every case a snapshot must keep, and trees of random files. */
public final class SampleTree {
  /** A name that is not valid UTF-8. */
  static final byte[] NON_UTF8 = {'n', 'o', 't', '-', 'u', 't', 'f', '8', '-', (byte) 0xff, (byte) 0xfe, '.', 'b', 'i', 'n'};
  static final int SMALL_FILES = 2000;
  /** Entries directly under the root: files, links, and the directories "empty-dir" and "deep". */
  static final int TOP_LEVEL_ENTRIES = 10;
  static final int BIG_FILE_BYTES = 20 << 20;

  private SampleTree() {}

  /** Writes the tree under {@code root} and returns it. */
  static Path write(Path root) throws IOException {
    Random random = new Random(42);
    Files.createDirectories(root);
    byte[] big = new byte[BIG_FILE_BYTES];
    random.nextBytes(big);
    Files.write(root.resolve("big.bin"), big);
    Files.write(RawPaths.resolve(root, NON_UTF8), "bytes behind a strange name".getBytes(StandardCharsets.UTF_8));
    Files.write(root.resolve("with space and ünïcödé ✓.txt"), "text".getBytes(StandardCharsets.UTF_8));
    Files.createFile(root.resolve("empty-file"));
    Files.createDirectories(root.resolve("empty-dir"));
    Path script = Files.writeString(root.resolve("run.sh"), "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
    Path secret = Files.writeString(root.resolve("secret.txt"), "only me");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    Files.createSymbolicLink(root.resolve("link-to-big"), Path.of("big.bin"));
    Files.createSymbolicLink(root.resolve("dangling-link"), Path.of("/nowhere/at/all"));
    Path small = root.resolve("deep/er/small");
    Files.createDirectories(small);
    for (int i = 0; i < SMALL_FILES; i++) {
      byte[] content = new byte[random.nextInt(4096)];
      random.nextBytes(content);
      Files.write(small.resolve("f" + i + ".dat"), content);
    }
    Path restricted = root.resolve("deep/restricted");
    Files.createDirectories(restricted);
    Files.writeString(restricted.resolve("inside.txt"), "inside");
    Files.setPosixFilePermissions(restricted, PosixFilePermissions.fromString("rwx--x---"));
    Files.setLastModifiedTime(root.resolve("big.bin"), FileTime.fromMillis(1_500_000_000_123L));
    Files.setLastModifiedTime(root.resolve("empty-dir"), FileTime.fromMillis(1_400_000_000_000L));
    Files.setLastModifiedTime(root.resolve("deep"), FileTime.fromMillis(1_300_000_000_000L));
    return root;
  }

  /** Writes {@code dirs} directories of {@code files} random files of {@code size} bytes each under {@code root}. */
  public static Path random(Path root, int dirs, int files, int size, long seed) throws IOException {
    Random random = new Random(seed);
    byte[] content = new byte[size];
    for (int d = 0; d < dirs; d++) {
      Path dir = Files.createDirectories(root.resolve("dir-" + d));
      for (int f = 0; f < files; f++) {
        random.nextBytes(content);
        Files.write(dir.resolve("file-" + f + ".bin"), content);
      }
    }
    return root;
  }

  /** Flips one byte of {@code file} at {@code offset}. */
  static void flipByte(Path file, long offset) throws IOException {
    try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.READ,
        java.nio.file.StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      var one = java.nio.ByteBuffer.allocate(1);
      channel.read(one, offset);
      one.put(0, (byte) (one.get(0) ^ 0x5a)).rewind();
      channel.write(one, offset);
    }
  }
}
