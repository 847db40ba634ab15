package dev.cairn.store;

import static dev.cairn.store.StoreFixtures.data;
import static dev.cairn.store.StoreFixtures.file;
import static dev.cairn.store.StoreFixtures.packFiles;
import static dev.cairn.store.StoreFixtures.randomBytes;
import static dev.cairn.store.StoreFixtures.snapshot;
import static dev.cairn.store.StoreFixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.ChunkId;
import dev.cairn.common.ChunkerParams;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.MaintenanceMessages.KeepRules;
import dev.cairn.common.message.MaintenanceMessages.PackUse;
import dev.cairn.common.message.MaintenanceMessages.PruneReport;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.message.StoreMessages.Blob;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Prune")
class PrunerTest {
  @TempDir Path dir;

  private final SplittableRandom random = new SplittableRandom(29);
  private final List<Blob> oldOnly = List.of(chunk(), chunk(), chunk(), chunk());
  private final Blob shared = chunk();
  private final Blob goneOnly = chunk();
  private final Blob newOnly = chunk();
  private Repository repo;
  private ChunkId oldPack;
  private ChunkId gonePack;
  private ChunkId newPack;
  private Snapshot kept;

  private Blob chunk() {
    return data(randomBytes(random, 100_000));
  }

  /**
   * Three snapshots, each committed into a pack of its own: the old one's pack is mostly chunks
   * only it needs plus one chunk the newest shares; the second's pack holds only its own chunk.
   */
  @BeforeEach
  void threeSnapshotsThenForgetAllButTheNewest() {
    repo = Repository.open(dir, true, ChunkerParams.defaults());
    oldPack = commit("old.bin", Instant.parse("2025-01-01T00:00:00Z"), oldOnly.get(0), oldOnly.get(1), oldOnly.get(2),
        oldOnly.get(3), shared);
    gonePack = commit("gone.bin", Instant.parse("2025-01-02T00:00:00Z"), goneOnly);
    newPack = commit("new.bin", Instant.parse("2025-01-03T00:00:00Z"), shared, newOnly);
    kept = repo.findSnapshot("latest");
    assertThat(repo.forget(new KeepRules(1, 0, 0, 0), ZoneOffset.UTC, false).removed()).hasSize(2);
  }

  @AfterEach
  void close() {
    repo.close();
  }

  private ChunkId commit(String name, Instant time, Blob... chunks) {
    Blob root = tree(file(name, chunks));
    List<ChunkId> before = repo.chunkIndex().packs();
    repo.putContent(List.of(chunks));
    repo.putContent(List.of(root));
    repo.commit(snapshot(root, time));
    List<ChunkId> after = new java.util.ArrayList<>(repo.chunkIndex().packs());
    after.removeAll(before);
    assertThat(after).hasSize(1);
    return after.get(0);
  }

  private PruneReport prune() {
    Pruner pruner = new Pruner(repo);
    return pruner.prune(pruner.plan());
  }

  private void assertIntact() {
    assertThat(repo.check(true).problems()).isEmpty();
    assertThat(repo.get(BlobType.DATA, shared.id()).bytes()).isEqualTo(shared.bytes());
    assertThat(repo.get(BlobType.DATA, newOnly.id()).bytes()).isEqualTo(newOnly.bytes());
    assertThat(repo.snapshots()).containsExactly(kept);
  }

  @Test
  @DisplayName("removes packs nothing needs, repacks the mostly unused one, keeps the live one untouched, and shrinks the repository")
  void removesRepacksAndKeeps() throws IOException {
    byte[] livePackBefore = Files.readAllBytes(dir.resolve(PackFormat.fileName(newPack)));
    long bytesBefore = packBytes();

    PruneReport report = prune();

    assertThat(report.removed()).extracting(PackUse::pack).containsExactly(gonePack);
    assertThat(report.repacked()).singleElement().satisfies(p -> {
      assertThat(p.pack()).isEqualTo(oldPack);
      assertThat(p.liveBytes()).isEqualTo(shared.length());
    });
    assertThat(dir.resolve(PackFormat.fileName(oldPack))).doesNotExist();
    assertThat(dir.resolve(PackFormat.fileName(gonePack))).doesNotExist();
    assertThat(Files.readAllBytes(dir.resolve(PackFormat.fileName(newPack)))).isEqualTo(livePackBefore);
    assertThat(packFiles(dir)).hasSize(2);
    assertThat(new LocalStorage(dir).list("index")).hasSize(1);
    assertThat(packBytes()).isEqualTo(report.packBytesAfter()).isLessThan(bytesBefore - 500_000);
    assertThat(repo.has(oldOnly.stream().map(Blob::id).toList())).containsOnly(false);
    assertIntact();

    repo.close();
    repo = Repository.open(dir, false, ChunkerParams.defaults());
    assertIntact();
  }

  @Test
  @DisplayName("a dry run reports the same plan and changes no file")
  void dryRunChangesNothing() {
    TreeMap<String, byte[]> before = StoreFixtures.contents(dir);

    Pruner.Plan plan = new Pruner(repo).plan();

    assertThat(plan.remove()).extracting(PackUse::pack).containsExactly(gonePack);
    assertThat(plan.repack()).extracting(PackUse::pack).containsExactly(oldPack);
    TreeMap<String, byte[]> after = StoreFixtures.contents(dir);
    assertThat(after.keySet()).isEqualTo(before.keySet());
    before.forEach((name, content) -> assertThat(after.get(name)).as(name).isEqualTo(content));
  }

  @Test
  @DisplayName("stopped after writing its new index but before deleting, it leaves a valid repository that the next prune cleans")
  void interruptedPruneLeavesValidRepository() throws IOException {
    TreeMap<String, byte[]> before = StoreFixtures.contents(dir);
    prune();
    List<Path> afterFirstPrune = packFiles(dir);
    repo.close();
    // Put back the old index files and packs: the state of a prune that died before its deletes.
    for (var file : before.entrySet()) {
      Path path = dir.resolve(file.getKey());
      if ((file.getKey().startsWith("index/") || file.getKey().startsWith("packs/")) && !Files.exists(path)) {
        Files.createDirectories(path.getParent());
        Files.write(path, file.getValue());
      }
    }
    assertThat(new LocalStorage(dir).list("index")).hasSize(3 + 1);

    repo = Repository.open(dir, false, ChunkerParams.defaults());
    assertIntact();

    prune();
    assertThat(packFiles(dir)).isEqualTo(afterFirstPrune);
    assertIntact();
  }

  @Test
  @DisplayName("refuses to delete anything when a snapshot needs a blob the repository lacks")
  void damagedRepositoryIsNotPruned() throws IOException {
    Files.delete(dir.resolve(PackFormat.fileName(newPack)));
    repo.close();
    repo = Repository.open(dir, false, ChunkerParams.defaults());
    TreeMap<String, byte[]> before = StoreFixtures.contents(dir);

    org.assertj.core.api.Assertions.assertThatThrownBy(this::prune).isInstanceOf(RepositoryException.class)
        .hasMessageContaining("prune deleted nothing").hasMessageContaining("run check");

    assertThat(StoreFixtures.contents(dir).keySet()).isEqualTo(before.keySet());
  }

  @Test
  @DisplayName("removes a pack no index names, as a crash leaves, and leaves files being written alone")
  void removesPacksNoIndexNames() throws IOException {
    String stray = "ab".repeat(32);
    Path strayPack = Files.createDirectories(dir.resolve("packs/ab")).resolve(stray);
    Files.write(strayPack, randomBytes(random, 5_000));
    Path writing = Files.createDirectories(dir.resolve("tmp")).resolve("pack-being-written.tmp");
    Files.write(writing, randomBytes(random, 5_000));

    PruneReport report = prune();

    assertThat(report.removed()).extracting(PackUse::pack).contains(ChunkId.fromHex(stray));
    assertThat(strayPack).doesNotExist();
    assertThat(writing).exists();
    assertIntact();
  }

  private long packBytes() throws IOException {
    long total = 0;
    for (Path p : packFiles(dir)) {
      total += Files.size(p);
    }
    return total;
  }
}
