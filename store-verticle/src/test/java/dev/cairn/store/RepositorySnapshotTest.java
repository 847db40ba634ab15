package dev.cairn.store;

import static dev.cairn.store.StoreFixtures.HASH;
import static dev.cairn.store.StoreFixtures.data;
import static dev.cairn.store.StoreFixtures.directory;
import static dev.cairn.store.StoreFixtures.file;
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
import dev.cairn.common.tree.TreeCodec;
import dev.cairn.store.PackWriter.SealedPack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Committing and finding snapshots")
class RepositorySnapshotTest {
  private static final Instant MONDAY = Instant.parse("2024-05-06T09:30:00.123456789Z");

  @TempDir Path dir;

  private final Blob hello = data("hello, world\n");
  private final Blob notes = data("remember the milk\n");
  private final Blob docs = tree(file("hello.txt", hello), file("notes.txt", notes, hello));
  private final Blob root = tree(directory("docs", docs));
  private Repository repo;

  @BeforeEach
  void openRepository() {
    repo = Repository.open(dir, true, ChunkerParams.defaults());
  }

  @AfterEach
  void closeRepository() {
    repo.close();
  }

  private static void assertFailsWith(int code, Runnable action, String messagePart) {
    assertThatThrownBy(action::run).isInstanceOf(RepositoryException.class).hasMessageContaining(messagePart)
        .asInstanceOf(InstanceOfAssertFactories.type(RepositoryException.class))
        .extracting(RepositoryException::code).isEqualTo(code);
  }

  private Snapshot commitAt(Instant time) {
    repo.putContent(List.of(hello, notes, docs, root));
    return repo.commit(snapshot(root, time));
  }

  private List<String> names(String folder) throws IOException {
    return new LocalStorage(dir).list(folder);
  }

  @Test
  @DisplayName("writes the packs, an index naming exactly those packs, and a snapshot file named by its hash")
  void commitWritesPacksIndexAndSnapshot() throws IOException {
    Snapshot committed = commitAt(MONDAY);

    assertThat(committed.id()).isNotNull();
    assertThat(committed.withId(null)).isEqualTo(snapshot(root, MONDAY));
    List<String> packs = names("packs");
    List<String> indexes = names("index");
    assertThat(packs).hasSize(1);
    assertThat(indexes).hasSize(1);
    assertThat(names("snapshots")).containsExactly("snapshots/" + committed.id().hex());

    byte[] index = Files.readAllBytes(dir.resolve(indexes.get(0)));
    ChunkId indexId = ChunkId.fromHex(indexes.get(0).substring("index/".length()));
    List<SealedPack> indexed = IndexFile.decode(RepositoryFormat.PLAIN, indexId, index);
    assertThat(indexed).extracting(p -> PackFormat.fileName(p.id())).containsExactlyElementsOf(packs);
    assertThat(indexed.get(0).entries()).extracting(PackEntry::id)
        .containsExactlyInAnyOrder(hello.id(), notes.id(), docs.id(), root.id());
    assertThat(HASH.hash(Files.readAllBytes(dir.resolve("snapshots").resolve(committed.id().hex()))))
        .isEqualTo(committed.id());
  }

  @Test
  @DisplayName("after reopening, the snapshot, its trees and its file content are all readable")
  void everythingReadableAfterReopen() {
    Snapshot committed = commitAt(MONDAY);
    repo.close();
    repo = Repository.open(dir, false, ChunkerParams.defaults());

    Snapshot found = repo.findSnapshot(committed.id().hex());
    assertThat(found).isEqualTo(committed);
    var rootEntries = TreeCodec.decode(repo.get(BlobType.TREE, found.tree()).bytes());
    assertThat(rootEntries).singleElement().satisfies(n -> assertThat(n.printableName()).isEqualTo("docs"));
    var docEntries = TreeCodec.decode(repo.get(BlobType.TREE, rootEntries.get(0).subtree()).bytes());
    assertThat(docEntries).extracting(n -> n.printableName()).containsExactly("hello.txt", "notes.txt");
    StringBuilder notesText = new StringBuilder();
    docEntries.get(1).chunks().forEach(c -> notesText.append(new String(repo.get(BlobType.DATA, c).bytes())));
    assertThat(notesText).hasToString("remember the milk\nhello, world\n");
    assertThat(repo.snapshots()).containsExactly(committed);
  }

  @Test
  @DisplayName("refuses a snapshot whose root tree was never stored, and writes no snapshot")
  void commitRefusesMissingTree() throws IOException {
    repo.putContent(List.of(hello, notes, docs));

    assertFailsWith(Failures.BAD_INPUT, () -> repo.commit(snapshot(root, MONDAY)), "was never stored");
    assertThat(names("snapshots")).isEmpty();
    assertThat(repo.snapshots()).isEmpty();
  }

  @Test
  @DisplayName("finds a snapshot by its full id, in either case, by a unique prefix, and as latest")
  void findsByIdPrefixAndLatest() {
    Snapshot older = commitAt(MONDAY);
    Snapshot newer = commitAt(MONDAY.plusSeconds(3600));
    String hex = older.id().hex();
    int unique = 1;
    while (newer.id().hex().startsWith(hex.substring(0, unique))) {
      unique++;
    }

    assertThat(repo.findSnapshot(hex)).isEqualTo(older);
    assertThat(repo.findSnapshot(hex.toUpperCase())).isEqualTo(older);
    assertThat(repo.findSnapshot(hex.substring(0, unique))).isEqualTo(older);
    assertThat(repo.findSnapshot(older.id().shortHex())).isEqualTo(older);
    assertThat(repo.findSnapshot("latest")).isEqualTo(newer);
    assertThat(repo.snapshots()).containsExactly(older, newer);
  }

  @Test
  @DisplayName("latest is the snapshot taken last, not the one committed last")
  void latestFollowsTime() {
    Snapshot taken = commitAt(MONDAY.plusSeconds(60));
    Snapshot backdated = commitAt(MONDAY);

    assertThat(repo.findSnapshot("latest")).isEqualTo(taken);
    assertThat(repo.snapshots()).containsExactly(backdated, taken);
  }

  @Test
  @DisplayName("says what is wrong with a reference that finds nothing or is not one")
  void badReferences() {
    assertFailsWith(Failures.NOT_FOUND, () -> repo.findSnapshot("latest"), "no snapshots yet");
    Snapshot only = commitAt(MONDAY);
    String other = only.id().hex().startsWith("0") ? "1" : "0";

    assertFailsWith(Failures.NOT_FOUND, () -> repo.findSnapshot(other), "no snapshot matches '" + other + "'");
    assertFailsWith(Failures.NOT_FOUND, () -> repo.findSnapshot(only.id().hex() + "0"), "no snapshot matches");
    assertFailsWith(Failures.BAD_INPUT, () -> repo.findSnapshot(""), "is not a snapshot id");
    assertFailsWith(Failures.BAD_INPUT, () -> repo.findSnapshot("yesterday"), "'yesterday' is not a snapshot id");
    assertFailsWith(Failures.BAD_INPUT, () -> repo.findSnapshot("../config"), "is not a snapshot id");
  }

  @Test
  @DisplayName("refuses a prefix that more than one snapshot shares, saying how many")
  void ambiguousPrefixIsAConflict() {
    List<Snapshot> all = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      all.add(commitAt(MONDAY.plusSeconds(i)));
    }
    Map<String, Long> byFirstDigit = all.stream()
        .collect(Collectors.groupingBy(s -> s.id().hex().substring(0, 1), Collectors.counting()));
    Map.Entry<String, Long> shared = byFirstDigit.entrySet().stream()
        .filter(e -> e.getValue() > 1).findFirst().orElseThrow();

    assertFailsWith(Failures.CONFLICT, () -> repo.findSnapshot(shared.getKey()),
        "matches " + shared.getValue() + " snapshots");
    assertThat(all).allSatisfy(s -> assertThat(repo.findSnapshot(s.id().hex())).isEqualTo(s));
    assertThat(repo.snapshots()).containsExactlyElementsOf(all);
    assertThat(StoreFixtures.packFiles(dir)).hasSize(1);
    assertThat(all.stream().map(Snapshot::tree).distinct()).containsExactly(root.id());
    assertThat(all.stream().collect(Collectors.toMap(Snapshot::id, Function.identity()))).hasSize(17);
  }
}
