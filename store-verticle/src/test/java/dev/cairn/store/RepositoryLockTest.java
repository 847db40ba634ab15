package dev.cairn.store;

import static dev.cairn.store.StoreFixtures.data;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.common.ChunkerParams;
import dev.cairn.common.Failures;
import dev.cairn.common.message.BlobType;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A repository's lock")
class RepositoryLockTest {
  @TempDir Path dir;

  @Test
  @DisplayName("refuses a second store on the same repository, naming the one that holds it, and leaves the first working")
  void secondStoreIsRefused() {
    try (Repository first = Repository.open(dir, true, ChunkerParams.defaults())) {
      first.putContent(List.of(data("kept safe")));

      assertThatThrownBy(() -> Repository.open(dir, false, ChunkerParams.defaults()))
          .isInstanceOf(RepositoryException.class)
          .hasMessageContaining("repository " + dir + " is in use by another cairn store")
          .hasMessageContaining("pid " + ProcessHandle.current().pid())
          .hasMessageContaining("stop it or use its HTTP API")
          .asInstanceOf(InstanceOfAssertFactories.type(RepositoryException.class))
          .extracting(RepositoryException::code).isEqualTo(Failures.CONFLICT);

      assertThat(first.get(BlobType.DATA, data("kept safe").id()).bytes()).asString().isEqualTo("kept safe");
    }
  }

  @Test
  @DisplayName("is released when the store closes, so the next store opens the repository")
  void releasedOnClose() {
    try (Repository first = Repository.open(dir, true, ChunkerParams.defaults())) {
      first.putContent(List.of(data("first")));
    }
    try (Repository second = Repository.open(dir, false, ChunkerParams.defaults())) {
      assertThat(second.has(List.of(data("first").id()))).containsExactly(true);
    }
  }
}
