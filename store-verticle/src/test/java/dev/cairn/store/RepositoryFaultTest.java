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
import dev.cairn.common.tree.Node;
import dev.cairn.common.tree.TreeCodec;
import dev.cairn.store.FaultyStorage.Fault;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup of {@code /home/a.bin} (two chunks) and {@code /home/b.bin} (one chunk), written in
 * three puts and a commit, meets a storage fault at every step of every file it writes: the pack,
 * the index and the snapshot. Whatever fails, the backup fails with a clear error, the repository
 * stays consistent, and the backup done again completes and restores byte for byte.
 */
@DisplayName("A storage fault during a backup")
class RepositoryFaultTest {
  @TempDir Path base;

  private final SplittableRandom random = new SplittableRandom(5);
  private final Blob a1 = data(randomBytes(random, 50_000));
  private final Blob a2 = data(randomBytes(random, 70_000));
  private final Blob b = data(randomBytes(random, 30_000));
  private final Blob home = tree(file("a.bin", a1, a2), file("b.bin", b));
  private final Blob root = tree(directory("home", home));
  private final Snapshot snapshot = snapshot(root, Instant.parse("2025-06-01T08:00:00Z"));
  private final Map<String, byte[]> expected = Map.of("home/a.bin", concat(a1, a2), "home/b.bin", b.bytes());

  /** Backs up the tree as the other rooms would: puts what the repository lacks, then commits. */
  private Snapshot backUp(Repository repo) {
    for (List<Blob> batch : List.of(List.of(a1, a2), List.of(b), List.of(home, root))) {
      boolean[] known = repo.has(batch.stream().map(Blob::id).toList());
      List<Blob> missing = new ArrayList<>();
      for (int i = 0; i < known.length; i++) {
        if (!known[i]) {
          missing.add(batch.get(i));
        }
      }
      repo.putContent(missing);
    }
    return repo.commit(snapshot);
  }

  /** Restores a snapshot in memory: each file's path and content. */
  private static Map<String, byte[]> restore(Repository repo, Snapshot s) {
    Map<String, byte[]> files = new TreeMap<>();
    restoreTree(repo, s.tree(), "", files);
    return files;
  }

  private static void restoreTree(Repository repo, ChunkId tree, String path, Map<String, byte[]> files) {
    for (Node node : TreeCodec.decode(repo.get(BlobType.TREE, tree).bytes())) {
      String name = path + new String(node.name(), StandardCharsets.UTF_8);
      if (node.kind() == Node.Kind.DIRECTORY) {
        restoreTree(repo, node.subtree(), name + "/", files);
      } else {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        node.chunks().forEach(c -> content.writeBytes(repo.get(BlobType.DATA, c).bytes()));
        files.put(name, content.toByteArray());
      }
    }
  }

  private void assertRestoresExactly(Repository repo, Snapshot s) {
    assertThat(restore(repo, s)).containsOnlyKeys(expected.keySet())
        .allSatisfy((name, content) -> assertThat(content).as(name).isEqualTo(expected.get(name)));
  }

  private static byte[] concat(Blob... blobs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Blob blob : blobs) {
      out.writeBytes(blob.bytes());
    }
    return out.toByteArray();
  }

  private static void assertStorageFailure(Runnable action, String reason) {
    assertThatThrownBy(action::run).isInstanceOf(RepositoryException.class).hasMessageContaining(reason)
        .asInstanceOf(InstanceOfAssertFactories.type(RepositoryException.class))
        .extracting(RepositoryException::code).isEqualTo(Failures.STORAGE);
  }

  private Repository openOver(FaultyStorage storage, Path dir) {
    return Repository.open(storage, dir.toString());
  }

  private static Path newRepository(Path dir) {
    Repository.open(dir, true, ChunkerParams.defaults()).close();
    return dir;
  }

  private static List<Path> temporaryFiles(Path dir) throws IOException {
    Path tmp = dir.resolve("tmp");
    if (!Files.isDirectory(tmp)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(tmp)) {
      return files.toList();
    }
  }

  @TestFactory
  @DisplayName("at any step of any file leaves a consistent repository, and the backup done again restores exactly")
  Stream<DynamicTest> everyStepOfEveryWrite() {
    Path dry = newRepository(base.resolve("dry-run"));
    FaultyStorage counting = new FaultyStorage(dry);
    try (Repository repo = openOver(counting, dry)) {
      counting.countOnly();
      backUp(repo);
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (Fault fault : Fault.values()) {
      int times = counting.reached(fault.step);
      assertThat(times).as("a backup reaches step " + fault.step).isPositive();
      for (int n = 0; n < times; n++) {
        int occurrence = n;
        tests.add(DynamicTest.dynamicTest(fault + " #" + (n + 1) + " of " + times,
            () -> failOnceThenRetry(fault, occurrence)));
      }
    }
    return tests.stream();
  }

  private void failOnceThenRetry(Fault fault, int occurrence) throws IOException {
    Path dir = newRepository(base.resolve(fault + "-" + occurrence));
    FaultyStorage storage = new FaultyStorage(dir);
    try (Repository repo = openOver(storage, dir)) {
      storage.failAt(fault, occurrence);

      assertStorageFailure(() -> backUp(repo), fault == Fault.DISK_FULL ? "the disk is full" : FaultyStorage.IO_ERROR);

      assertThat(storage.fired()).isTrue();
      assertThat(temporaryFiles(dir)).as("temporary files left behind").isEmpty();
      for (Blob blob : List.of(a1, a2, b, home, root)) {
        if (repo.has(List.of(blob.id()))[0]) {
          assertThat(repo.get(blob.type(), blob.id()).bytes()).as("a blob reported as held").isEqualTo(blob.bytes());
        }
      }
      for (Snapshot listed : repo.snapshots()) {
        assertRestoresExactly(repo, listed);
      }
      assertThat(repo.check(true).problems()).isEmpty();

      Snapshot again = backUp(repo);

      assertRestoresExactly(repo, again);
    }
    try (Repository reopened = Repository.open(dir, false, ChunkerParams.defaults())) {
      assertThat(reopened.check(true).problems()).isEmpty();
      assertThat(reopened.snapshots()).isNotEmpty().allSatisfy(s -> assertRestoresExactly(reopened, s));
    }
  }

  @Test
  @DisplayName("a force that fails once is not retried into success: the pack is dropped and must be written again whole")
  void failedForceIsNotRetried() throws IOException {
    Path dir = newRepository(base.resolve("force"));
    FaultyStorage storage = new FaultyStorage(dir);
    try (Repository repo = openOver(storage, dir)) {
      for (Blob blob : List.of(a1, a2, b, home, root)) {
        repo.putContent(List.of(blob));
      }
      storage.failAt(Fault.FORCE, 0);

      assertStorageFailure(() -> repo.commit(snapshot), "cannot write a pack: " + FaultyStorage.IO_ERROR);

      assertThat(repo.has(List.of(a1.id(), a2.id(), b.id(), home.id(), root.id())))
          .containsExactly(false, false, false, false, false);
      assertThat(StoreFixtures.packFiles(dir)).isEmpty();
      assertThatThrownBy(() -> repo.commit(snapshot)).isInstanceOf(RepositoryException.class)
          .hasMessageContaining("was never stored");
      assertThat(repo.snapshots()).isEmpty();

      Snapshot again = backUp(repo);

      assertThat(storage.reached(FaultyStorage.Step.FORCE)).isEqualTo(4);
      assertRestoresExactly(repo, again);
    }
    try (Repository reopened = Repository.open(dir, false, ChunkerParams.defaults())) {
      assertThat(reopened.check(true).problems()).isEmpty();
      assertThat(reopened.snapshots()).singleElement().satisfies(s -> assertRestoresExactly(reopened, s));
    }
  }

  @Test
  @DisplayName("a snapshot that needs chunks lost with a failed pack is refused, naming the file, until they are sent again")
  void snapshotNeedingLostChunksIsRefused() {
    Path dir = newRepository(base.resolve("lost"));
    FaultyStorage storage = new FaultyStorage(dir);
    try (Repository repo = openOver(storage, dir)) {
      repo.putContent(List.of(a1, a2));
      storage.failAt(Fault.DISK_FULL, 0);
      assertStorageFailure(() -> repo.putContent(List.of(b)), "cannot write a pack: the disk is full");
      assertThat(repo.has(List.of(a1.id(), a2.id(), b.id()))).containsExactly(false, false, false);
      // Another job that had its chunks acknowledged before the failure now commits.
      repo.putContent(List.of(home, root));

      assertStorageFailure(() -> repo.commit(snapshot), "home/a.bin");

      assertThat(repo.snapshots()).isEmpty();
      assertThat(repo.check(true).problems()).isEmpty();
      assertRestoresExactly(repo, backUp(repo));
    }
  }

  @Test
  @DisplayName("a backup begun before the store restarted commits only if every chunk it was told of is still there")
  void commitAfterStoreRestartChecksTheTree() {
    Path dir = newRepository(base.resolve("restarted"));
    String begunWith;
    try (Repository first = Repository.open(dir, false, ChunkerParams.defaults())) {
      begunWith = first.info().instance();
      first.putContent(List.of(a1, a2));
    }
    // The first store held b only in the pack it had open when it was killed: the next one lacks it.
    try (Repository restarted = Repository.open(dir, false, ChunkerParams.defaults())) {
      assertThat(restarted.info().instance()).isNotEqualTo(begunWith);
      restarted.putContent(List.of(home, root));

      assertStorageFailure(() -> restarted.commit(snapshot, begunWith), "home/b.bin");
      assertThatThrownBy(() -> restarted.commit(snapshot, begunWith)).hasMessageContaining("the store restarted");
      assertThat(restarted.snapshots()).isEmpty();

      restarted.putContent(List.of(b));
      Snapshot committed = restarted.commit(snapshot, begunWith);
      assertRestoresExactly(restarted, committed);
      assertThat(restarted.check(true).problems()).isEmpty();
    }
  }
}
