package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.RawPaths;
import dev.cairn.common.message.HasherMessages.HashFiles;
import dev.cairn.common.message.StoreMessages.Has;
import dev.cairn.common.message.Snapshot;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and odd input met during a backup: each case is handled, recorded in the snapshot's
 * errors where it is one, and never stops the rest of the backup.
 */
@DisplayName("A backup meeting hostile or odd input")
class HostileBackupTest {
  /** Larger than one fill of a hasher's arena, so the file is read in several pieces. */
  private static final int SEVERAL_FILLS = 40 << 20;

  @TempDir Path work;
  Path repo;
  Path source;
  Path target;

  @BeforeEach
  void paths() throws IOException {
    repo = work.resolve("repo");
    source = Files.createDirectories(work.resolve("src"));
    target = work.resolve("r");
    Files.writeString(source.resolve("plain.txt"), "an ordinary file");
  }

  @Test
  @DisplayName("names an unreadable file and an unreadable directory, exits 3, and backs up the rest")
  void unreadableFileAndDirectory() throws Exception {
    Path secret = Files.writeString(source.resolve("secret.txt"), "not for cairn");
    Path closed = Files.createDirectories(source.resolve("closed"));
    Files.writeString(closed.resolve("inside.txt"), "not listed");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
    Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("---------"));
    try {
      Cli.Result r = Unprivileged.run(secret, "backup", "--init", "--repo", repo.toString(), source.toString());

      assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
      assertThat(r.err()).contains("cairn: not backed up: " + secret + ": permission denied")
          .contains("cairn: not backed up: " + closed + ": permission denied");
      assertThat(Rounds.latest(repo).getJsonArray("errors").getList())
          .containsExactlyInAnyOrder(secret + ": permission denied", closed + ": permission denied");
    } finally {
      Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
    }
    assertThat(Rounds.restore(repo, target).exitCode()).isZero();
    Path restored = Rounds.restoredAt(target, source);
    assertThat(restored.resolve("plain.txt")).hasContent("an ordinary file");
    assertThat(restored.resolve("secret.txt")).doesNotExist();
  }

  @Test
  @DisplayName("names a file deleted between the scan and the read, and backs up the rest")
  void fileDeletedAfterTheScan() throws IOException {
    Path gone = Files.writeString(source.resolve("gone.txt"), "soon gone");
    byte[] goneBytes = RawPaths.bytes(gone);

    // The file is deleted as its batch leaves the scanner for a hasher: after the scan, before the read.
    Snapshot snapshot = Rounds.backupWatching(repo, source, HashFiles.class, body -> {
      if (((HashFiles) body).files().stream().anyMatch(f -> Arrays.equals(f.path(), goneBytes))) {
        delete(gone);
      }
    });

    assertThat(snapshot.errors()).containsExactly(gone + ": vanished before it could be read");
    assertThat(snapshot.totals().files()).isEqualTo(1);
    assertThat(Rounds.restore(repo, target).exitCode()).isZero();
    assertThat(Rounds.restoredAt(target, source).resolve("plain.txt")).hasContent("an ordinary file");
    assertThat(Rounds.restoredAt(target, source).resolve("gone.txt")).doesNotExist();
  }

  @Test
  @DisplayName("refuses a file whose parent directory was swapped for a link to a root-only one after the scan")
  void parentSwappedForALinkAfterTheScan() throws IOException {
    Path hers = Files.createDirectories(source.resolve("home/d"));
    Path mine = Files.writeString(hers.resolve("zzsecret"), "her own notes");
    Path rootOnly = Files.createDirectories(work.resolve("root-only/d"));
    Files.writeString(rootOnly.resolve("zzsecret"), "root's secret");
    Files.setPosixFilePermissions(rootOnly.getParent(), PosixFilePermissions.fromString("rwx------"));
    byte[] mineBytes = RawPaths.bytes(mine);

    // As her file's batch leaves the scanner, her directory becomes a link to root's: after the
    // scan, before the read, with the file's name unchanged.
    Snapshot snapshot = Rounds.backupWatching(repo, source, HashFiles.class, body -> {
      if (((HashFiles) body).files().stream().anyMatch(f -> Arrays.equals(f.path(), mineBytes))) {
        swapForLink(hers, rootOnly);
      }
    });

    Cli.Result restore = Rounds.restore(repo, target);
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    try (var all = Files.walk(target)) {
      assertThat(all.filter(Files::isRegularFile).map(HostileBackupTest::content))
          .as("root's content nowhere in the snapshot").doesNotContain("root's secret");
    }
    Path restored = Rounds.restoredAt(target, source);
    assertThat(restored.resolve("plain.txt")).hasContent("an ordinary file");
    assertThat(restored.resolve("home/d/zzsecret")).as("nothing stored under her file's name").doesNotExist();
    assertThat(snapshot.errors())
        .containsExactly(mine + ": changed while it was read: it is no longer the file the scan saw");
  }

  @Test
  @DisplayName("reads a file again when it changed while it was read, and stores it as it is now")
  void fileChangedOnceIsReadAgain() throws IOException {
    Path growing = Files.write(source.resolve("growing.bin"), random(SEVERAL_FILLS, 1));
    AtomicInteger pieces = new AtomicInteger();

    // The first time the hasher asks the store about chunks, part of the file is read: change it then.
    Snapshot snapshot = Rounds.backupWatching(repo, source, Has.class, body -> {
      if (pieces.getAndIncrement() == 0) {
        change(growing, 2);
      }
    });

    assertThat(snapshot.errors()).isEmpty();
    assertThat(Rounds.restore(repo, target).exitCode()).isZero();
    Path restored = Rounds.restoredAt(target, source).resolve("growing.bin");
    assertThat(Files.size(restored)).isEqualTo(SEVERAL_FILLS + 1);
    assertThat(Files.readAllBytes(restored)).as("the content after the change, start included")
        .isEqualTo(Files.readAllBytes(growing));
  }

  @Test
  @DisplayName("keeps what it read of a file that keeps changing, and names it in the errors")
  void fileThatKeepsChangingIsMarked() throws IOException {
    Path busy = Files.write(source.resolve("busy.log"), random(SEVERAL_FILLS, 3));
    AtomicInteger pieces = new AtomicInteger();

    Snapshot snapshot = Rounds.backupWatching(repo, source, Has.class,
        body -> change(busy, 10 + pieces.getAndIncrement()));

    assertThat(snapshot.errors())
        .containsExactly(busy + ": changed while it was read, twice; the snapshot holds what was read");
    assertThat(Rounds.restore(repo, target).exitCode()).isZero();
    byte[] restored = Files.readAllBytes(Rounds.restoredAt(target, source).resolve("busy.log"));
    byte[] now = Files.readAllBytes(busy);
    assertThat(restored.length).as("a length the file had while read").isBetween(SEVERAL_FILLS + 1, now.length);
    assertThat(Arrays.copyOfRange(restored, 4096, restored.length))
        .as("everything past the part that was rewritten").isEqualTo(Arrays.copyOfRange(now, 4096, restored.length));
  }

  @Test
  @DisplayName("stores symbolic link loops as links, never following them")
  void symlinkLoops() throws IOException {
    Files.createSymbolicLink(source.resolve("ping"), Path.of("pong"));
    Files.createSymbolicLink(source.resolve("pong"), Path.of("ping"));
    Files.createSymbolicLink(source.resolve("self"), Path.of("."));
    Path dir = Files.createDirectories(source.resolve("dir"));
    Files.createSymbolicLink(dir.resolve("up"), Path.of(".."));
    Files.createSymbolicLink(dir.resolve("root"), source);

    Cli.Result backup = Rounds.backup(repo, source);

    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    assertThat(Rounds.latest(repo).getJsonObject("totals").getLong("files")).isEqualTo(1);
    assertThat(Rounds.restore(repo, target).exitCode()).isZero();
    TreeComparison.assertSameTree(source, Rounds.restoredAt(target, source));
  }

  @Test
  @DisplayName("skips a socket with a warning, stores a FIFO and a device, and exits 0")
  void specialFiles() throws Exception {
    Path fifo = source.resolve("pipe");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
    Path socket = source.resolve("socket");
    Path device = Path.of("/dev/null");
    Cli.Result backup;
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      backup = Rounds.backup(repo, source, device);
    }

    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    assertThat(backup.err()).contains("cairn: warning: skipped " + socket + ": a socket")
        .doesNotContain("a FIFO").doesNotContain("a character device");
    JsonObject snapshot = Rounds.latest(repo);
    assertThat(snapshot.getJsonArray("skipped").getList()).hasSize(1);
    assertThat(snapshot.getJsonArray("errors").getList()).isEmpty();
    Cli.Result restore = Rounds.restore(repo, target);
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    try (var restored = Files.list(Rounds.restoredAt(target, source))) {
      assertThat(restored.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("pipe", "plain.txt");
    }
    assertThat(Files.getAttribute(Rounds.restoredAt(target, device), "unix:rdev", LinkOption.NOFOLLOW_LINKS))
        .isEqualTo(Files.getAttribute(device, "unix:rdev"));
  }

  @Test
  @DisplayName("restores names and link targets that are not UTF-8 byte for byte")
  void namesThatAreNotUtf8() throws IOException {
    assertThat(RawPaths.exact()).as("the JVM must see raw file names").isTrue();
    Files.writeString(RawPaths.resolve(source, new byte[] {(byte) 0xff, (byte) 0xfe, '.', 'b', 'i', 'n'}), "ff fe");
    Files.writeString(RawPaths.resolve(source, new byte[] {'c', 'a', 'f', (byte) 0xe9}), "latin-1");
    Path dir = Files.createDirectories(RawPaths.resolve(source, new byte[] {'d', (byte) 0x80}));
    Files.writeString(RawPaths.resolve(dir, new byte[] {(byte) 0xc3, 0x28}), "broken pair");
    Files.createSymbolicLink(source.resolve("link"), RawPaths.path(new byte[] {(byte) 0xfe, 'x'}));

    Cli.Result backup = Rounds.backup(repo, source);

    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    assertThat(Rounds.restore(repo, target).exitCode()).isZero();
    TreeComparison.assertSameTree(source, Rounds.restoredAt(target, source));
    assertThat(TreeComparison.describe(Rounds.restoredAt(target, source)))
        .containsKeys("\\xff\\xfe.bin", "caf\\xe9", "d\\x80/\\xc3(").containsEntry("link", "link -> \\xfex");
  }

  @Test
  @DisplayName("restores 255-byte names, in one-byte and multi-byte characters, and a path of 4,000 bytes")
  void longNamesAndPaths() throws IOException {
    String ascii = "n".repeat(255);
    String twoByte = "é".repeat(127) + "x";
    String threeByte = "€".repeat(85);
    String fourByte = "😀".repeat(63) + "abc";
    for (String name : new String[] {ascii, twoByte, threeByte, fourByte}) {
      assertThat(name.getBytes(StandardCharsets.UTF_8)).hasSize(255);
      Files.writeString(source.resolve(name), name);
    }
    // The restored path is the target's path followed by the source's: keep it under PATH_MAX (4,096).
    int restoredLength = 4_080;
    int sourceLength = restoredLength - target.toString().length();
    Path dir = source;
    while (sourceLength - dir.toString().length() - 1 > 255) {
      dir = Files.createDirectories(dir.resolve("d".repeat(200)));
    }
    Path deep = dir.resolve("f".repeat(sourceLength - dir.toString().length() - 1));
    Files.writeString(deep, "at the bottom");
    assertThat(deep.toString().length()).isGreaterThanOrEqualTo(4_000);

    Cli.Result backup = Rounds.backup(repo, source);

    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    assertThat(Rounds.restore(repo, target).exitCode()).isZero();
    TreeComparison.assertSameTree(source, Rounds.restoredAt(target, source));
    assertThat(Rounds.restoredAt(target, deep)).hasContent("at the bottom");
  }

  @Test
  @DisplayName("restores sparse files with their holes, byte for byte")
  void sparseFiles() throws Exception {
    Path sparse = source.resolve("disk.img");
    try (FileChannel file = FileChannel.open(sparse, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      file.write(ByteBuffer.wrap(random(1 << 20, 5)), 0);
      file.write(ByteBuffer.wrap(random(4096, 6)), (20 << 20) + 123);
      file.write(ByteBuffer.wrap(random(100, 7)), (64 << 20) - 100);
    }
    Path tailHole = source.resolve("tail-hole.img");
    try (var file = new java.io.RandomAccessFile(tailHole.toFile(), "rw")) {
      file.write(random(1 << 20, 8));
      file.setLength(32 << 20);
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(allocated(sparse) < (8 << 20), "the filesystem keeps no holes");

    Cli.Result backup = Rounds.backup(repo, source);

    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    assertThat(Rounds.restore(repo, target).exitCode()).isZero();
    TreeComparison.assertSameTree(source, Rounds.restoredAt(target, source));
    Path restored = Rounds.restoredAt(target, source);
    assertThat(Files.size(restored.resolve("disk.img"))).isEqualTo(64 << 20);
    assertThat(allocated(restored.resolve("disk.img"))).as("bytes allocated of 64 MiB").isLessThan(4 << 20);
    assertThat(Files.size(restored.resolve("tail-hole.img"))).isEqualTo(32 << 20);
    assertThat(allocated(restored.resolve("tail-hole.img"))).as("bytes allocated of 32 MiB").isLessThan(4 << 20);
  }

  @Test
  @DisplayName("restores hard links as hard links, also over an earlier restore")
  void hardLinks() throws IOException {
    Path first = Files.writeString(source.resolve("first"), "one content, three names");
    Files.createLink(source.resolve("second"), first);
    Files.createLink(Files.createDirectories(source.resolve("sub")).resolve("third"), first);
    Files.writeString(source.resolve("twin"), "one content, three names");

    Cli.Result backup = Rounds.backup(repo, source);

    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    for (int round = 0; round < 2; round++) {
      // Only the source: a second restore would refuse the world-writable temporary directory above it.
      Cli.Result restore = Rounds.restore(repo, target, "--include", source.toString());
      assertThat(restore.exitCode()).as(restore.toString()).isZero();
      TreeComparison.assertSameTree(source, Rounds.restoredAt(target, source));
      Path restored = Rounds.restoredAt(target, source);
      Object inode = Files.getAttribute(restored.resolve("first"), "unix:ino");
      assertThat(Files.getAttribute(restored.resolve("second"), "unix:ino")).isEqualTo(inode);
      assertThat(Files.getAttribute(restored.resolve("sub/third"), "unix:ino")).isEqualTo(inode);
      assertThat(Files.getAttribute(restored.resolve("first"), "unix:nlink")).isEqualTo(3);
      assertThat(Files.getAttribute(restored.resolve("twin"), "unix:ino")).isNotEqualTo(inode);
    }
  }

  /** Bytes the filesystem allocated to {@code file}. */
  static long allocated(Path file) throws IOException, InterruptedException {
    Process stat = new ProcessBuilder("stat", "--format=%b %B", file.toString()).start();
    String[] out = new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split(" ");
    assertThat(stat.waitFor()).isZero();
    return Long.parseLong(out[0]) * Long.parseLong(out[1]);
  }

  /** Rewrites the first 4 KiB of {@code file} with new bytes and appends one byte. */
  private static void change(Path file, long seed) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(random(4096, seed)), 0);
      channel.write(ByteBuffer.wrap(new byte[] {42}), channel.size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Moves {@code dir} aside and puts a link to {@code elsewhere} under its name. */
  private static void swapForLink(Path dir, Path elsewhere) {
    try {
      Files.move(dir, dir.resolveSibling(dir.getFileName() + ".away"));
      Files.createSymbolicLink(dir, elsewhere);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String content(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }
}
