package dev.cairn.store;

import static dev.cairn.store.StoreFixtures.data;
import static dev.cairn.store.StoreFixtures.directory;
import static dev.cairn.store.StoreFixtures.file;
import static dev.cairn.store.StoreFixtures.randomBytes;
import static dev.cairn.store.StoreFixtures.snapshot;
import static dev.cairn.store.StoreFixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.common.ChunkId;
import dev.cairn.common.ChunkerParams;
import dev.cairn.common.Failures;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.message.StoreMessages.Blob;
import dev.cairn.common.message.StoreMessages.CheckReport;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository under check holds one snapshot of {@code /home/ana/report.txt} (two chunks) and
 * {@code /home/ana/todo.txt}; the file content lies in one pack, the trees in another.
 */
@DisplayName("Checking a repository")
class RepositoryCheckTest {
  @TempDir Path dir;

  private final SplittableRandom random = new SplittableRandom(11);
  private final Blob intro = data(randomBytes(random, 40_000));
  private final Blob body = data(randomBytes(random, 90_000));
  private final Blob todo = data("buy bread\n");
  private final Blob ana = tree(file("report.txt", intro, body), file("todo.txt", todo));
  private final Blob home = tree(directory("ana", ana));
  private final Blob root = tree(directory("home", home));
  private Repository repo;
  private Snapshot snapshot;
  private ChunkId dataPack;
  private ChunkId treePack;

  @BeforeEach
  void backUpOneSnapshot() {
    try (Repository r = Repository.open(dir, true, ChunkerParams.defaults())) {
      r.putContent(List.of(intro, body, todo));
      r.flush();
      r.putContent(List.of(ana, home, root));
      snapshot = r.commit(snapshot(root, Instant.parse("2024-02-29T12:00:00Z")));
    }
    repo = Repository.open(dir, false, ChunkerParams.defaults());
    dataPack = packHolding(body.id());
    treePack = packHolding(root.id());
  }

  @AfterEach
  void closeRepository() {
    if (repo != null) {
      repo.close();
    }
  }

  private ChunkId packHolding(ChunkId blob) {
    ChunkIndex.Location at = locate(blob);
    return at.pack();
  }

  private ChunkIndex.Location locate(ChunkId blob) {
    for (Path pack : StoreFixtures.packFiles(dir)) {
      try {
        for (PackEntry e : PackFormat.trailer(RepositoryFormat.PLAIN, ChunkId.fromHex(pack.getFileName().toString()),
            Files.readAllBytes(pack)).entries()) {
          if (e.id().equals(blob)) {
            return new ChunkIndex.Location(ChunkId.fromHex(pack.getFileName().toString()), e);
          }
        }
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("no pack holds " + blob);
  }

  private void damage(Blob blob, int at) throws IOException {
    ChunkIndex.Location where = locate(blob.id());
    StoreFixtures.flipByte(dir.resolve(PackFormat.fileName(where.pack())), where.entry().offset() + at);
  }

  private static void assertFailsWith(int code, Runnable action, String messagePart) {
    assertThatThrownBy(action::run).isInstanceOf(RepositoryException.class).hasMessageContaining(messagePart)
        .asInstanceOf(InstanceOfAssertFactories.type(RepositoryException.class))
        .extracting(RepositoryException::code).isEqualTo(code);
  }

  @Test
  @DisplayName("finds nothing wrong with a sound repository, with or without reading the data")
  void soundRepositoryChecksClean() throws IOException {
    assertThat(dataPack).isNotEqualTo(treePack);
    long packBytes = Files.size(dir.resolve(PackFormat.fileName(dataPack)))
        + Files.size(dir.resolve(PackFormat.fileName(treePack)));

    CheckReport quick = repo.check(false);
    CheckReport full = repo.check(true);

    assertThat(quick).isEqualTo(new CheckReport(1, 2, 6, 0, 0, List.of()));
    assertThat(full).isEqualTo(new CheckReport(1, 2, 6, 2, packBytes, List.of()));
  }

  @Test
  @DisplayName("reading the data finds a flipped byte in file content, naming the pack and the file that needs it")
  void damagedDataIsFoundByReadingIt() throws IOException {
    damage(body, 1_234);
    repo.close();
    repo = Repository.open(dir, false, ChunkerParams.defaults());

    assertThat(repo.check(false).problems()).isEmpty();
    List<String> problems = repo.check(true).problems();

    assertThat(problems).anySatisfy(p -> assertThat(p).contains(dataPack.hex()).contains(body.id().hex())
        .contains("damaged"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("/home/ana/report.txt")
        .contains(body.id().shortHex()).contains(snapshot.id().shortHex()));
    assertThat(problems).noneSatisfy(p -> assertThat(p).contains("todo.txt"));
    assertThat(problems).noneSatisfy(p -> assertThat(p).contains(intro.id().shortHex()));
  }

  @Test
  @DisplayName("names every snapshot a damaged blob touches, also when they share the tree holding it")
  void damageInSharedTreeNamesEverySnapshot() throws IOException {
    Blob otherRoot = tree(directory("home", home), file("note.txt", todo));
    repo.putContent(List.of(otherRoot));
    Snapshot second = repo.commit(snapshot(otherRoot, Instant.parse("2024-03-01T12:00:00Z")));
    damage(body, 10);

    List<String> problems = repo.check(true).problems();

    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("snapshot " + snapshot.id().shortHex())
        .contains("/home/ana/report.txt"));
    String secondId = second.id().shortHex();
    assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("snapshot " + secondId)
        .contains("/home/ana/report.txt"));
  }

  @Test
  @DisplayName("a damaged blob is refused as corrupt when read, while its neighbours still read")
  void damagedBlobReadIsCorrupt() throws IOException {
    damage(body, 0);

    assertFailsWith(Failures.CORRUPT, () -> repo.get(BlobType.DATA, body.id()), "is damaged");
    assertThat(repo.get(BlobType.DATA, intro.id()).bytes()).isEqualTo(intro.bytes());
    assertThat(repo.get(BlobType.DATA, todo.id()).bytes()).isEqualTo(todo.bytes());
  }

  @Test
  @DisplayName("a missing pack is reported with every file of every snapshot it takes with it")
  void missingPackIsReported() throws IOException {
    Files.delete(dir.resolve(PackFormat.fileName(dataPack)));
    repo.close();
    repo = Repository.open(dir, false, ChunkerParams.defaults());

    CheckReport report = repo.check(false);

    assertThat(report.problems())
        .anySatisfy(p -> assertThat(p).contains(dataPack.hex()).contains("missing").contains("3 blobs"))
        .anySatisfy(p -> assertThat(p).contains(snapshot.id().shortHex()).contains("/home/ana/report.txt"))
        .anySatisfy(p -> assertThat(p).contains(snapshot.id().shortHex()).contains("/home/ana/todo.txt"))
        .noneSatisfy(p -> assertThat(p).contains(treePack.hex()));
    assertThat(repo.check(true).problems()).containsExactlyInAnyOrderElementsOf(report.problems());
  }

  @Test
  @DisplayName("a truncated pack is found without reading the data, naming exactly the blobs cut off and their files")
  void truncatedPackIsReported() throws IOException {
    ChunkIndex.Location cut = locate(body.id());
    Path pack = dir.resolve(PackFormat.fileName(dataPack));
    try (FileChannel channel = FileChannel.open(pack, StandardOpenOption.WRITE)) {
      channel.truncate(cut.entry().offset() + 100);
    }

    List<String> problems = repo.check(false).problems();

    assertThat(problems).anySatisfy(p -> assertThat(p).contains(dataPack.hex()).contains("trailer"))
        .anySatisfy(p -> assertThat(p).contains(dataPack.hex()).contains(body.id().hex()).contains("damaged"))
        .anySatisfy(p -> assertThat(p).startsWith("snapshot " + snapshot.id().shortHex() + ": /home/ana/report.txt")
            .contains(body.id().shortHex()))
        .noneSatisfy(p -> assertThat(p).contains(intro.id().shortHex()))
        .noneSatisfy(p -> assertThat(p).contains(treePack.hex()));
    // todo.txt lay after the cut, so it is lost as well; nothing else is.
    assertThat(problems).filteredOn(p -> p.startsWith("snapshot ")).hasSize(2)
        .anySatisfy(p -> assertThat(p).contains("/home/ana/todo.txt").contains(todo.id().shortHex()));
    assertThat(repo.check(true).problems()).containsExactlyInAnyOrderElementsOf(problems);
  }

  @Test
  @DisplayName("a deleted index file is reported with the pack it named, and every file that needs that pack")
  void deletedIndexIsReported() throws IOException {
    repo.close();
    for (String name : new LocalStorage(dir).list("index")) {
      byte[] content = Files.readAllBytes(dir.resolve(name));
      if (IndexFile.decode(RepositoryFormat.PLAIN, ChunkId.fromHex(name.substring("index/".length())), content).stream()
          .anyMatch(p -> p.id().equals(dataPack))) {
        Files.delete(dir.resolve(name));
      }
    }
    repo = Repository.open(dir, false, ChunkerParams.defaults());

    List<String> problems = repo.check(false).problems();

    assertThat(problems).containsExactlyInAnyOrder(
        "pack " + dataPack.hex() + " is named by no index, yet snapshots need blobs it holds (an index file is missing)",
        "snapshot " + snapshot.id().shortHex() + ": /home/ana/report.txt: data blob " + intro.id().shortHex()
            + " is not in the index (pack " + dataPack.shortHex() + " holds it)",
        "snapshot " + snapshot.id().shortHex() + ": /home/ana/report.txt: data blob " + body.id().shortHex()
            + " is not in the index (pack " + dataPack.shortHex() + " holds it)",
        "snapshot " + snapshot.id().shortHex() + ": /home/ana/todo.txt: data blob " + todo.id().shortHex()
            + " is not in the index (pack " + dataPack.shortHex() + " holds it)");
  }

  @Test
  @DisplayName("reading a subset reads only the packs it chooses, and parts 1/2 and 2/2 together read every pack once")
  void subsetReadsOnlyChosenPacks() {
    CheckReport first = repo.check(true, PackSample.parse("1/2"), 0);
    CheckReport second = repo.check(true, PackSample.parse("2/2"), 0);
    CheckReport half = repo.check(true, PackSample.parse("50%"), 3);

    assertThat(first.packsRead() + second.packsRead()).isEqualTo(2);
    assertThat(first.bytesRead() + second.bytesRead()).isEqualTo(repo.check(true).bytesRead());
    assertThat(half.packsRead()).isEqualTo(1);
    assertThat(repo.check(true, PackSample.parse("50%"), 3).bytesRead()).isEqualTo(half.bytesRead());
  }

  @Test
  @DisplayName("a damaged directory tree is found even without reading the data, naming its path")
  void damagedTreeIsFound() throws IOException {
    damage(ana, 3);

    List<String> problems = repo.check(false).problems();

    assertThat(problems).singleElement().satisfies(p -> assertThat(p).contains("/home/ana")
        .contains(ana.id().shortHex()).contains("damaged"));
    assertThat(repo.check(true).problems()).anySatisfy(p -> assertThat(p).contains(treePack.hex()));
  }

  @Test
  @DisplayName("a damaged snapshot file is reported by its id, and finding it says it is corrupt")
  void damagedSnapshotIsReported() throws IOException {
    StoreFixtures.flipByte(dir.resolve("snapshots").resolve(snapshot.id().hex()), 20);

    CheckReport report = repo.check(false);

    assertThat(report.snapshots()).isEqualTo(1);
    assertThat(report.problems()).singleElement()
        .satisfies(p -> assertThat(p).contains(snapshot.id().hex()).contains("damaged"));
    assertFailsWith(Failures.CORRUPT, () -> repo.findSnapshot(snapshot.id().shortHex()), "is damaged");
  }

  @Test
  @DisplayName("a damaged index file is set aside and named by check, and its blobs are found in their packs")
  void damagedIndexIsSetAside() throws IOException {
    repo.close();
    repo = null;
    List<String> indexes = new LocalStorage(dir).list("index");
    assertThat(indexes).hasSize(2);
    StoreFixtures.flipByte(dir.resolve(indexes.get(0)), 12);

    repo = Repository.open(dir, false, ChunkerParams.defaults());
    CheckReport report = repo.check(true);

    assertThat(report.problems()).singleElement().asString()
        .contains("index file " + indexes.get(0) + " is damaged")
        .contains("index " + indexes.get(0).substring("index/".length(), "index/".length() + 8));
    assertThat(repo.get(BlobType.DATA, body.id()).bytes()).isEqualTo(body.bytes());
    assertThat(repo.get(BlobType.TREE, root.id()).bytes()).isEqualTo(root.bytes());
  }
}
