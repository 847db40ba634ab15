package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.ChunkId;
import dev.cairn.common.ChunkerParams;
import dev.cairn.common.ContentHash;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.message.StoreMessages.Blob;
import dev.cairn.common.tree.Node;
import dev.cairn.common.tree.TreeCodec;
import dev.cairn.common.wire.WireOut;
import dev.cairn.store.Repository;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile input met during a restore: nothing is ever written outside the target. */
@DisplayName("A restore meeting hostile input")
class HostileRestoreTest {
  @TempDir Path work;
  Path repo;
  Path outside;

  @BeforeEach
  void paths() throws IOException {
    repo = work.resolve("repo");
    outside = Files.createDirectories(work.resolve("outside"));
    Files.writeString(outside.resolve("victim.txt"), "precious");
  }

  @Test
  @DisplayName("refuses hand-made entries named '..', absolute, with '/' or NUL, or empty, naming each, and restores the rest")
  void handMadeEntries() throws IOException {
    String absolute = work.resolve("escaped").toString();
    List<String> hostile = List.of("", "..", absolute, "a/b", "nul\0name");
    commitHandMadeSnapshot(hostile);
    Path parent = Files.createDirectories(work.resolve("a/b"));
    Path target = parent.resolve("target");

    Cli.Result r = Rounds.restore(repo, target);

    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    String reason = ": a name must not be empty, '.' or '..', nor contain '/' or NUL";
    assertThat(r.err()).contains("cairn: " + target + "/data: refused the entry ''" + reason)
        .contains("cairn: " + target + "/data: refused the entry '..'" + reason)
        .contains("cairn: " + target + "/data: refused the entry '" + absolute + "'" + reason)
        .contains("cairn: " + target + "/data: refused the entry 'a/b'" + reason)
        .contains("cairn: " + target + "/data: refused the entry 'nul\\x00name'" + reason)
        .contains("cairn: 5 entries could not be restored")
        .doesNotContain("Exception");
    assertThat(target.resolve("data/good.txt")).hasContent("good");
    assertThat(names(target.resolve("data"))).containsExactly("good.txt");
    assertThat(names(parent)).as("nothing next to the target").containsExactly("target");
    assertThat(names(work.resolve("a"))).containsExactly("b");
    assertThat(work.resolve("escaped")).doesNotExist();
  }

  @Test
  @DisplayName("replaces a link in the target that points outside it, and writes nothing through it")
  void plantedDirectoryLink() throws IOException {
    Path source = backedUpSource();
    Path target = work.resolve("target");
    Path planted = plantAboveSource(target, source);

    Cli.Result r = Rounds.restore(repo, target);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(planted).isDirectory();
    assertThat(Files.isSymbolicLink(planted)).isFalse();
    assertThat(Rounds.restoredAt(target, source).resolve("data/file.txt")).hasContent("restored");
    assertThat(names(outside)).containsExactly("victim.txt");
  }

  @Test
  @DisplayName("with --include, replaces a link planted above the included path instead of following it")
  void plantedLinkAboveIncludedPath() throws IOException {
    Path source = backedUpSource();
    Path target = work.resolve("target");
    Path planted = plantAboveSource(target, source);

    Cli.Result r = Rounds.restore(repo, target, "--include", source.resolve("data").toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(Files.isSymbolicLink(planted)).isFalse();
    assertThat(Rounds.restoredAt(target, source).resolve("data/file.txt")).hasContent("restored");
    assertThat(names(outside)).containsExactly("victim.txt");
  }

  @Test
  @DisplayName("replaces a symbolic or hard link planted at a file's place, leaving the file it points at alone")
  void plantedFileLinks() throws IOException {
    Path source = backedUpSource();
    Path target = work.resolve("target");
    Path data = Files.createDirectories(Rounds.restoredAt(target, source).resolve("data"));
    Files.createSymbolicLink(data.resolve("file.txt"), outside.resolve("victim.txt"));
    Files.createLink(data.resolve("other.txt"), outside.resolve("victim.txt"));

    Cli.Result r = Rounds.restore(repo, target);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(Files.isSymbolicLink(data.resolve("file.txt"))).isFalse();
    assertThat(data.resolve("file.txt")).hasContent("restored");
    assertThat(data.resolve("other.txt")).hasContent("other");
    assertThat(outside.resolve("victim.txt")).hasContent("precious");
  }

  /** Backs up a source holding {@code data/file.txt} and {@code data/other.txt}; returns the source. */
  private Path backedUpSource() throws IOException {
    Path source = Files.createDirectories(work.resolve("src/data")).getParent();
    Files.writeString(source.resolve("data/file.txt"), "restored");
    Files.writeString(source.resolve("data/other.txt"), "other");
    Cli.Result backup = Rounds.backup(repo, source);
    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    return source;
  }

  /** Makes the first directory of the source's path under {@code target} a link to {@code outside}. */
  private Path plantAboveSource(Path target, Path source) throws IOException {
    Path planted = Files.createDirectories(target).resolve(source.getName(0).toString());
    Files.createSymbolicLink(planted, outside);
    return planted;
  }

  /**
   * Commits a snapshot of {@code /data} whose tree is written byte by byte, past every check a
   * cairn writer makes: a file {@code good.txt} and one file for each name of {@code hostile}.
   */
  private void commitHandMadeSnapshot(List<String> hostile) {
    ContentHash hash = ContentHash.blake3();
    byte[] good = "good".getBytes(StandardCharsets.UTF_8);
    byte[] bad = "written outside".getBytes(StandardCharsets.UTF_8);
    List<Blob> blobs = new ArrayList<>(List.of(blob(BlobType.DATA, good), blob(BlobType.DATA, bad)));
    List<String> names = new ArrayList<>(hostile);
    names.add("good.txt");
    names.sort((a, b) -> java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
    WireOut tree = new WireOut().u8(2).i32(names.size()); // entries written field by field, as format 2 lays them out
    for (String name : names) {
      byte[] content = name.equals("good.txt") ? good : bad;
      tree.u8(Node.Kind.FILE.ordinal()).bytes(name.getBytes(StandardCharsets.UTF_8)).i32(0644).i64(0).i64(0).i64(1)
          .i64(content.length).i32(1).id(hash.hash(content)).id(null).bytes(null).i64(0).i64(1);
    }
    Blob data = blob(BlobType.TREE, tree.buffer().getBytes());
    Node dir = new Node(Node.Kind.DIRECTORY, "data".getBytes(StandardCharsets.UTF_8), 0755, 0, 0, 2, 0, List.of(),
        data.id(), null);
    Blob root = blob(BlobType.TREE, TreeCodec.encode(List.of(dir)));
    blobs.add(data);
    blobs.add(root);
    try (Repository repository = Repository.open(repo, true, ChunkerParams.defaults())) {
      repository.put(PlainBlobs.stored(blobs));
      repository.commit(new Snapshot(null, Instant.now(), "hand-made", List.of("/data"), root.id(),
          new Snapshot.Totals(names.size(), 1, 0, 0, 0, 0), List.of()));
    }
  }

  private static Blob blob(BlobType type, byte[] content) {
    ChunkId id = ContentHash.blake3().hash(content);
    return new Blob(type, id, ByteBuffer.wrap(content));
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(p -> Files.exists(p, LinkOption.NOFOLLOW_LINKS)).map(p -> p.getFileName().toString())
          .sorted().toList();
    }
  }
}
