package dev.cairn.scanner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.tree.Node;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A directory assembly")
class DirectoryAssemblyTest {
  private final List<List<Node>> completions = new ArrayList<>();
  private final DirectoryAssembly dir = new DirectoryAssembly(completions::add);

  private static Node file(String name) {
    return new Node(Node.Kind.FILE, name.getBytes(StandardCharsets.UTF_8), 0644, 1, 1, 1, 0, List.of(), null, null);
  }

  @Test
  @DisplayName("completes an empty directory as soon as its listing is finished")
  void emptyDirectory() {
    dir.listed();

    assertThat(completions).singleElement().satisfies(entries -> assertThat(entries).isEmpty());
  }

  @Test
  @DisplayName("waits for every announced entry, whatever order they come back in")
  void waitsForEveryEntry() {
    dir.expect();
    dir.expect();
    dir.expect();
    dir.deliver(file("c"));
    dir.listed();
    dir.deliver(file("a"));
    assertThat(completions).as("one entry still to come").isEmpty();

    dir.deliver(file("b"));

    assertThat(completions).singleElement()
        .satisfies(entries -> assertThat(entries).extracting(Node::printableName).containsExactlyInAnyOrder("a", "b", "c"));
  }

  @Test
  @DisplayName("does not complete before its listing is finished, even with every entry in")
  void waitsForTheListing() {
    dir.expect();
    dir.deliver(file("early"));

    assertThat(completions).isEmpty();
    dir.listed();
    assertThat(completions).hasSize(1);
  }

  @Test
  @DisplayName("leaves out an entry that was skipped")
  void skippedEntries() {
    dir.expect();
    dir.expect();
    dir.deliver(null);
    dir.deliver(file("kept"));
    dir.listed();

    assertThat(completions).singleElement()
        .satisfies(entries -> assertThat(entries).extracting(Node::printableName).containsExactly("kept"));
  }
}
