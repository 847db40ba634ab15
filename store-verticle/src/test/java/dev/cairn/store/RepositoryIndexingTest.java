package dev.cairn.store;

import static dev.cairn.store.StoreFixtures.data;
import static dev.cairn.store.StoreFixtures.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.ChunkerParams;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.StoreMessages.Blob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A repository taking many small blobs")
class RepositoryIndexingTest {
  @TempDir Path parent;

  private static long indexFiles(Path repo) throws Exception {
    try (Stream<Path> files = Files.list(repo.resolve("index"))) {
      return files.count();
    }
  }

  @Test
  @DisplayName("writes an index for its sealed packs as they pile up, not only at commit, and finds every blob afterwards")
  void indexesAsPacksPileUp() throws Exception {
    Path repo = parent.resolve("repo");
    SplittableRandom random = new SplittableRandom(11);
    int count = OpenPacks.INDEX_ENTRIES * 3 / 2 + 70_000;
    List<Blob> every = new ArrayList<>();
    try (Repository r = Repository.open(repo, true, ChunkerParams.defaults())) {
      List<Blob> batch = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Blob blob = data(randomBytes(random, 300));
        batch.add(blob);
        if (i % 1000 == 0) {
          every.add(blob);
        }
        if (batch.size() == 1000) {
          r.putContent(batch);
          batch.clear();
        }
      }
      r.putContent(batch);
      assertThat(indexFiles(repo)).as("indexes written before any commit").isPositive();
    }
    try (Repository again = Repository.open(repo, false, ChunkerParams.defaults())) {
      for (Blob blob : every) {
        assertThat(again.get(BlobType.DATA, blob.id()).bytes()).isEqualTo(blob.bytes());
      }
    }
  }
}
