package dev.cairn.common.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cairn.common.ChunkId;
import dev.cairn.common.tree.Node.Kind;
import dev.cairn.common.wire.WireOut;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("A tree object")
class TreeCodecTest {
  private static final byte[] NOT_UTF8 = {'b', 'a', 'd', (byte) 0xff, (byte) 0xfe};

  private static ChunkId id(int seed) {
    byte[] raw = new byte[ChunkId.LENGTH];
    new Random(seed).nextBytes(raw);
    return ChunkId.of(raw);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Node file(byte[] name, long size, List<ChunkId> chunks) {
    return new Node(Kind.FILE, name, 0100644, 1_700_000_000_123_456_789L, 1_700_000_001_987_654_321L, 424242L, size,
        chunks, null, null);
  }

  private static Node dir(byte[] name, ChunkId subtree) {
    return new Node(Kind.DIRECTORY, name, 040755 | 01000, -1L, 5L, Long.MAX_VALUE, 0, List.of(), subtree, null);
  }

  private static Node link(byte[] name, byte[] target) {
    return new Node(Kind.SYMLINK, name, 0120777, 0, 0, 7, 0, List.of(), null, target);
  }

  private static List<Node> sample() {
    return List.of(
        file(utf8("report.txt"), 3 << 20, List.of(id(1), id(2), id(3))),
        file(utf8("empty"), 0, List.of()),
        file(utf8("résumé.pdf"), 42, List.of(id(4))),
        file(NOT_UTF8, 9, List.of(id(5))),
        dir(utf8("src"), id(6)),
        link(utf8("latest"), new byte[] {'.', '.', '/', (byte) 0xc3, (byte) 0x28, 0x7f}));
  }

  /**
   * A tree object of format 2 whose entries are written field by field, so no Node constructor
   * checks them.
   */
  @SafeVarargs
  private static byte[] handMade(Consumer<WireOut>... entries) {
    return handMade(2, entries);
  }

  @SafeVarargs
  private static byte[] handMade(int format, Consumer<WireOut>... entries) {
    WireOut out = new WireOut().u8(format).i32(entries.length);
    for (Consumer<WireOut> entry : entries) {
      entry.accept(out);
    }
    return out.buffer().getBytes();
  }

  private static Consumer<WireOut> rawFile(byte[] name) {
    return o -> o.u8(Kind.FILE.ordinal()).bytes(name).i32(0644).i64(1).i64(2).i64(3).i64(0).i32(0).id(null).bytes(null).i64(0).i64(1);
  }

  private static void assertRefused(byte[] tree) {
    Throwable thrown = catchThrowable(() -> TreeCodec.decode(tree));
    assertThat(thrown).as("decoding %s", Arrays.toString(tree)).isExactlyInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("decodes to the entries it was made from, every field and raw name byte intact")
  void roundTrip() {
    List<Node> entries = sample();
    List<Node> decoded = TreeCodec.decode(TreeCodec.encode(entries));

    List<Node> expected = new ArrayList<>(entries);
    expected.sort(TreeCodec.BY_NAME);
    assertThat(decoded).containsExactlyElementsOf(expected);
    Node weird = decoded.stream().filter(n -> Arrays.equals(n.name(), NOT_UTF8)).findFirst().orElseThrow();
    assertThat(weird.name()).containsExactly(NOT_UTF8);
    assertThat(weird.mtimeNanos()).isEqualTo(1_700_000_000_123_456_789L);
    assertThat(weird.ctimeNanos()).isEqualTo(1_700_000_001_987_654_321L);
    assertThat(weird.inode()).isEqualTo(424242L);
    assertThat(weird.mode()).isEqualTo(0100644);
    Node src = decoded.stream().filter(n -> n.kind() == Kind.DIRECTORY).findFirst().orElseThrow();
    assertThat(src.subtree()).isEqualTo(id(6));
    assertThat(src.mode()).isEqualTo(040755 | 01000);
    assertThat(src.inode()).isEqualTo(Long.MAX_VALUE);
    Node latest = decoded.stream().filter(n -> n.kind() == Kind.SYMLINK).findFirst().orElseThrow();
    assertThat(latest.linkTarget()).containsExactly('.', '.', '/', 0xc3, 0x28, 0x7f);
    assertThat(decoded.get(decoded.indexOf(entries.get(0))).chunks()).containsExactly(id(1), id(2), id(3));
  }

  @Test
  @DisplayName("an empty directory round-trips too")
  void emptyDirectory() {
    assertThat(TreeCodec.decode(TreeCodec.encode(List.of()))).isEmpty();
  }

  @Test
  @DisplayName("stores entries ordered by the unsigned bytes of their names")
  void unsignedOrder() {
    List<Node> entries = List.of(file(new byte[] {(byte) 0xff}, 0, List.of()), file(utf8("a"), 0, List.of()),
        file(utf8("é"), 0, List.of()), file(utf8("B"), 0, List.of()));

    List<String> names = TreeCodec.decode(TreeCodec.encode(entries)).stream().map(Node::printableName).toList();

    assertThat(names).containsExactly("B", "a", "é", "\uFFFD");
  }

  @Test
  @DisplayName("is the same bytes whatever order the entries come in")
  void canonical() {
    List<Node> entries = new ArrayList<>(sample());
    byte[] first = TreeCodec.encode(entries);
    Random random = new Random(99);
    for (int i = 0; i < 30; i++) {
      Collections.shuffle(entries, random);
      assertThat(TreeCodec.encode(entries)).isEqualTo(first);
    }
  }

  @Test
  @DisplayName("refuses two entries with one name")
  void duplicates() {
    List<Node> entries = List.of(file(utf8("twin"), 1, List.of(id(1))), dir(utf8("twin"), id(2)));

    assertThatIllegalArgumentException().isThrownBy(() -> TreeCodec.encode(entries)).withMessageContaining("twin");
  }

  @Test
  @DisplayName("of an unknown format is refused")
  void unknownFormat() {
    byte[] tree = TreeCodec.encode(sample());
    tree[0] = 4;
    assertRefused(tree);
    assertRefused(new byte[] {0});
  }

  @Test
  @DisplayName("cut short at any byte is refused")
  void truncated() {
    byte[] tree = TreeCodec.encode(sample());
    for (int length = 0; length < tree.length; length++) {
      assertRefused(Arrays.copyOf(tree, length));
    }
  }

  @Test
  @DisplayName("with bytes after its last entry is refused")
  void trailing() {
    byte[] tree = TreeCodec.encode(sample());
    assertRefused(Arrays.copyOf(tree, tree.length + 1));
  }

  @Test
  @DisplayName("with entries out of order or repeated is refused")
  void outOfOrder() {
    assertThat(TreeCodec.decode(handMade(rawFile(utf8("a")), rawFile(utf8("b"))))).hasSize(2);
    assertRefused(handMade(rawFile(utf8("b")), rawFile(utf8("a"))));
    assertRefused(handMade(rawFile(utf8("a")), rawFile(utf8("a"))));
    assertRefused(handMade(rawFile(new byte[] {(byte) 0xff}), rawFile(utf8("a"))));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"..", ".", "", "a/b", "/", "nul\0name", "\0"})
  @DisplayName("with an entry whose name could leave its directory is refused")
  void unsafeNames(String name) {
    assertRefused(handMade(rawFile(utf8(name))));
  }

  @Test
  @DisplayName("decoded for a restore, sets apart the entries with unsafe names and keeps the others")
  void unsafeNamesSetApart() {
    byte[] tree = handMade(rawFile(utf8("")), rawFile(utf8("..")), rawFile(utf8("/etc/x")), rawFile(utf8("a/b")),
        rawFile(utf8("good")), rawFile(utf8("nul\0name")));

    TreeCodec.Decoded decoded = TreeCodec.decodeSafe(tree);

    assertThat(decoded.entries()).extracting(Node::printableName).containsExactly("good");
    assertThat(decoded.refused()).extracting(Node::printable)
        .containsExactly("", "..", "/etc/x", "a/b", "nul\0name");
    assertRefused(tree);
  }

  @Test
  @DisplayName("records hard links, and two trees differing only in link count have different ids")
  void hardLinks() {
    Node once = file(utf8("a"), 1, List.of(id(1)));
    Node linked = new Node(Kind.FILE, utf8("a"), 0100644, 1, 2, 424242L, 1, List.of(id(1)), null, null, 2049, 3);

    Node decoded = TreeCodec.decode(TreeCodec.encode(List.of(linked))).get(0);

    assertThat(decoded).isEqualTo(linked);
    assertThat(decoded.hardLinked()).isTrue();
    assertThat(decoded.device()).isEqualTo(2049);
    assertThat(decoded.links()).isEqualTo(3);
    assertThat(TreeCodec.decode(TreeCodec.encode(List.of(once))).get(0).hardLinked()).isFalse();
    assertThat(TreeCodec.encode(List.of(linked))).isNotEqualTo(TreeCodec.encode(List.of(once)));
  }

  @Test
  @DisplayName("of format 1, written before hard links were recorded, still decodes")
  void formatOne() {
    byte[] tree = new WireOut().u8(1).i32(1).u8(Kind.FILE.ordinal()).bytes(utf8("old")).i32(0644).i64(1).i64(2).i64(3)
        .i64(0).i32(0).id(null).bytes(null).buffer().getBytes();

    Node old = TreeCodec.decode(tree).get(0);

    assertThat(old.printableName()).isEqualTo("old");
    assertThat(old.links()).isEqualTo(1);
    assertThat(old.hardLinked()).isFalse();
  }

  @Test
  @DisplayName("with an entry without a name is refused")
  void nullName() {
    assertRefused(handMade(rawFile(null)));
  }

  @Test
  @DisplayName("with an entry of an unknown kind is refused")
  void unknownKind() {
    assertRefused(handMade(o -> o.u8(3).bytes(utf8("x")).i32(0).i64(0).i64(0).i64(0).i64(0).i32(0).id(null)
        .bytes(null).i64(0).i64(1)));
  }

  @Test
  @DisplayName("with a directory that names no tree, or a link with no target, is refused")
  void missingReferences() {
    assertRefused(handMade(o -> o.u8(Kind.DIRECTORY.ordinal()).bytes(utf8("d")).i32(0).i64(0).i64(0).i64(0).i64(0)
        .i32(0).id(null).bytes(null).i64(0).i64(1)));
    assertRefused(handMade(o -> o.u8(Kind.SYMLINK.ordinal()).bytes(utf8("l")).i32(0).i64(0).i64(0).i64(0).i64(0)
        .i32(0).id(null).bytes(null).i64(0).i64(1)));
  }

  @Test
  @DisplayName("with a file whose chunk list holds a missing id is refused")
  void missingChunk() {
    assertRefused(handMade(o -> o.u8(Kind.FILE.ordinal()).bytes(utf8("f")).i32(0).i64(0).i64(0).i64(0).i64(10)
        .i32(2).id(id(1)).id(null).id(null).bytes(null).i64(0).i64(1)));
  }

  @Test
  @DisplayName("announcing more entries or chunks than it holds is refused")
  void impossibleCounts() {
    assertRefused(new WireOut().u8(TreeCodec.FORMAT).i32(Integer.MAX_VALUE).buffer().getBytes());
    assertRefused(new WireOut().u8(TreeCodec.FORMAT).i32(-1).buffer().getBytes());
    assertRefused(handMade(o -> o.u8(Kind.FILE.ordinal()).bytes(utf8("f")).i32(0).i64(0).i64(0).i64(0).i64(0)
        .i32(Integer.MAX_VALUE)));
  }

  @Property(tries = 300)
  @Label("random bytes either decode or are refused with IllegalArgumentException")
  void randomBytes(@ForAll @Size(max = 200) byte[] tree) {
    assertDecodesOrRefuses(tree);
  }

  @Property(tries = 300)
  @Label("a valid tree with one byte changed either decodes or is refused with IllegalArgumentException")
  void corruptedTrees(@ForAll @IntRange(min = 0, max = 100_000) int where, @ForAll byte value) {
    byte[] tree = TreeCodec.encode(sample());
    tree[where % tree.length] = value;
    assertDecodesOrRefuses(tree);
  }

  private static void assertDecodesOrRefuses(byte[] tree) {
    Throwable thrown = catchThrowable(() -> TreeCodec.decode(tree));
    if (thrown != null) {
      assertThat(thrown).isExactlyInstanceOf(IllegalArgumentException.class);
    }
  }
}
