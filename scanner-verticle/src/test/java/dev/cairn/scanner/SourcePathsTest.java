package dev.cairn.scanner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.scanner.SourcePaths.Group;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Source paths")
class SourcePathsTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The components of each path, printed, to compare byte arrays as text. */
  private static List<String> printed(List<List<byte[]>> paths) {
    return paths.stream().map(p -> String.join("/", p.stream().map(n -> new String(n, StandardCharsets.UTF_8)).toList()))
        .toList();
  }

  @Test
  @DisplayName("split each absolute path into its names, tidied of dots")
  void splitsIntoNames() {
    assertThat(printed(SourcePaths.components(List.of("/home/ann/./docs/../photos/"))))
        .containsExactly("home/ann/photos");
  }

  @Test
  @DisplayName("drop a source that lies inside another source, whatever the order they are given in")
  void dropsNestedSources() {
    List<List<byte[]>> kept = SourcePaths.components(List.of("/srv/data/cache", "/home/ann", "/srv/data", "/srv/database"));

    assertThat(printed(kept)).containsExactlyInAnyOrder("home/ann", "srv/data", "srv/database");
  }

  @Test
  @DisplayName("refuse a relative path and name it")
  void refuseRelative() {
    assertThatThrownBy(() -> SourcePaths.components(List.of("/etc", "docs/letters")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("docs/letters");
  }

  @Test
  @DisplayName("refuse an empty list of sources")
  void refuseNone() {
    assertThatThrownBy(() -> SourcePaths.components(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no source");
  }

  @Test
  @DisplayName("take \"/\" as a source with no names, which covers every other source")
  void rootAsSource() {
    assertThat(SourcePaths.components(List.of("/"))).singleElement().satisfies(p -> assertThat(p).isEmpty());
    assertThat(SourcePaths.components(List.of("/etc", "/", "/home/ann"))).singleElement()
        .satisfies(p -> assertThat(p).isEmpty());
  }

  @Test
  @DisplayName("group by first name in unsigned byte order, so names that are not ASCII come last")
  void groupsInUnsignedOrder() {
    byte[] notUtf8 = {'x', (byte) 0xff};
    List<List<byte[]>> paths = List.of(
        List.of(b("é")), List.of(b("b"), b("one")), List.of(notUtf8), List.of(b("Z")), List.of(b("b"), b("two")),
        List.of(b("a")));

    List<Group> groups = SourcePaths.groupByFirst(paths);

    assertThat(groups).extracting(Group::name)
        .containsExactly(b("Z"), b("a"), b("b"), notUtf8, b("é"));
  }

  @Test
  @DisplayName("keep the rest of the paths under a shared first name, or nothing when the name is itself a source")
  void groupsRest() {
    List<Group> groups = SourcePaths.groupByFirst(List.of(
        List.of(b("home"), b("ann"), b("docs")), List.of(b("home"), b("bob")), List.of(b("etc"))));

    assertThat(groups).hasSize(2);
    Group etc = groups.get(0);
    assertThat(etc.name()).isEqualTo(b("etc"));
    assertThat(etc.isSource()).isTrue();
    assertThat(etc.rest()).isEmpty();
    Group home = groups.get(1);
    assertThat(home.name()).isEqualTo(b("home"));
    assertThat(home.isSource()).isFalse();
    assertThat(printed(home.rest())).containsExactly("ann/docs", "bob");
  }
}
