package dev.cairn.scanner;

import dev.cairn.common.tree.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * DirectoryAssembly collects the entries of one directory as they come back, in any order, and
 * fires once every entry is known and the listing is finished.
 *
 * <p>It is how trees are built bottom-up without waiting in the walk: a file's entry arrives when
 * its hasher answers, a subdirectory's when its own assembly completes.
 */
final class DirectoryAssembly {
  private final List<Node> entries = new ArrayList<>();
  private final Consumer<List<Node>> onComplete;
  private int pending = 1;

  /** {@code onComplete} receives the entries that were filled, in no particular order. */
  DirectoryAssembly(Consumer<List<Node>> onComplete) {
    this.onComplete = onComplete;
  }

  /** Announces one more entry to wait for. */
  void expect() {
    pending++;
  }

  /** Delivers an expected entry; {@code null} means it was skipped. */
  void deliver(Node entry) {
    if (entry != null) {
      entries.add(entry);
    }
    countDown();
  }

  /** Says that every entry has been announced. */
  void listed() {
    countDown();
  }

  private void countDown() {
    if (--pending == 0) {
      onComplete.accept(entries);
    }
  }
}
