package dev.cairn.common.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.cairn.common.ChunkId;
import dev.cairn.common.tree.Node.Kind;
import dev.cairn.common.wire.WireOut;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A tree object of format 3")
class TreeFormatThreeTest {
  private static final ChunkId CHUNK = ChunkId.of(new byte[ChunkId.LENGTH]);
  private static final Owner ALICE = new Owner(1234, 1234, "alice", "staff");
  /** The value of a minimal access ACL (u::rw-, g::r--, o::r--), as Linux stores it. */
  private static final byte[] ACL = {2, 0, 0, 0, 1, 0, 6, 0, -1, -1, -1, -1, 4, 0, 4, 0, -1, -1, -1, -1, 32, 0, 4, 0,
      -1, -1, -1, -1};

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static Node file(String name, Owner owner, List<Xattr> xattrs) {
    return new Node(Kind.FILE, utf8(name), 04755, 1, 2, 3, 4, List.of(CHUNK), null, null, 0, 1, owner, xattrs, 0);
  }

  /** One format 3 file entry written field by field, with {@code extra} written after its link count. */
  private static byte[] handMade(Consumer<WireOut> extra) {
    WireOut out = new WireOut().u8(3).i32(1).u8(Kind.FILE.ordinal()).bytes(utf8("f")).i32(0644).i64(1).i64(2).i64(3)
        .i64(0).i32(0).id(null).bytes(null).i64(0).i64(1);
    extra.accept(out);
    return out.buffer().getBytes();
  }

  @Test
  @DisplayName("keeps owner, extended attributes of every namespace, FIFOs and devices")
  void roundTrip() {
    Node file = file("bash", ALICE, List.of(Xattr.of("user.note", utf8("kept")),
        Xattr.of("system.posix_acl_access", ACL), Xattr.of("security.capability", new byte[] {1, 2})));
    Node fifo = new Node(Kind.FIFO, utf8("pipe"), 0644, 1, 2, 3, 0, List.of(), null, null, 0, 1,
        new Owner(7, 8, null, null), List.of(), 0);
    Node device = new Node(Kind.CHAR_DEVICE, utf8("null"), 0666, 1, 2, 3, 0, List.of(), null, null, 0, 1,
        new Owner(0, 0, "root", "root"), List.of(), 0x103);
    Node block = new Node(Kind.BLOCK_DEVICE, utf8("sda"), 0660, 1, 2, 3, 0, List.of(), null, null, 0, 1, ALICE,
        List.of(), 0x800);

    List<Node> decoded = TreeCodec.decode(TreeCodec.encode(List.of(file, fifo, device, block)));

    assertThat(decoded).containsExactly(file, device, fifo, block);
    assertThat(decoded.get(0).owner()).isEqualTo(ALICE);
    assertThat(decoded.get(0).xattrs()).extracting(Xattr::printableName)
        .containsExactly("security.capability", "system.posix_acl_access", "user.note");
    assertThat(decoded.get(1).rdev()).isEqualTo(0x103);
    assertThat(decoded.get(2).owner().userShown()).isEqualTo("7");
  }

  @Test
  @DisplayName("is the same bytes whatever order the extended attributes were read in")
  void canonical() {
    Xattr a = Xattr.of("user.a", utf8("1"));
    Xattr b = Xattr.of("user.b", utf8("2"));

    assertThat(TreeCodec.encode(List.of(file("f", ALICE, List.of(b, a)))))
        .isEqualTo(TreeCodec.encode(List.of(file("f", ALICE, List.of(a, b)))));
    assertThat(TreeCodec.encode(List.of(file("f", ALICE, List.of(a)))))
        .isNotEqualTo(TreeCodec.encode(List.of(file("f", new Owner(1234, 1234, null, null), List.of(a)))));
    assertThatIllegalArgumentException().isThrownBy(() -> file("f", ALICE, List.of(a, Xattr.of("user.a", new byte[0]))))
        .withMessageContaining("two extended attributes named user.a");
  }

  @Test
  @DisplayName("of format 2, written before owners were recorded, still decodes, with no owner")
  void formatTwo() {
    byte[] tree = new WireOut().u8(2).i32(1).u8(Kind.FILE.ordinal()).bytes(utf8("old")).i32(04755).i64(1).i64(2)
        .i64(3).i64(0).i32(0).id(null).bytes(null).i64(0).i64(1).buffer().getBytes();

    Node old = TreeCodec.decode(tree).get(0);

    assertThat(old.printableName()).isEqualTo("old");
    assertThat(old.mode()).isEqualTo(04755);
    assertThat(old.owner()).isNull();
    assertThat(old.xattrs()).isEmpty();
  }

  @Test
  @DisplayName("refuses a FIFO or device in a tree of an older format")
  void newKindsInOldFormat() {
    byte[] tree = new WireOut().u8(2).i32(1).u8(Kind.FIFO.ordinal()).bytes(utf8("p")).i32(0644).i64(1).i64(2)
        .i64(3).i64(0).i32(0).id(null).bytes(null).i64(0).i64(1).buffer().getBytes();

    assertThatIllegalArgumentException().isThrownBy(() -> TreeCodec.decode(tree))
        .withMessageContaining("unknown entry kind 3 in tree format 2");
  }

  @Test
  @DisplayName("announcing an absurd extended attribute length is refused, the field named, before allocating")
  void absurdXattrValue() {
    byte[] tree = handMade(o -> o.bool(false).i32(1).bytes(utf8("user.big")).i32(Integer.MAX_VALUE));

    assertThatIllegalArgumentException().isThrownBy(() -> TreeCodec.decode(tree))
        .withMessage("extended attribute value of user.big of 2147483647 bytes exceeds the limit of 65536");
  }

  @Test
  @DisplayName("announcing absurd names, link targets, owner names or counts is refused with the field named")
  void absurdLengths() {
    assertThatIllegalArgumentException().isThrownBy(() -> TreeCodec.decode(handMade(o -> o.bool(false).i32(1)
        .i32(100_000)))).withMessage("extended attribute name of 100000 bytes exceeds the limit of 255");
    assertThatIllegalArgumentException().isThrownBy(() -> TreeCodec.decode(handMade(o -> o.bool(false)
        .i32(1 << 20)))).withMessage("extended attribute count 1048576 exceeds the limit of 32768");
    assertThatIllegalArgumentException().isThrownBy(() -> TreeCodec.decode(handMade(o -> o.bool(true).i32(1).i32(2)
        .i32(1 << 30)))).withMessage("user name of 1073741824 bytes exceeds the limit of 256");
    byte[] longName = new WireOut().u8(3).i32(1).u8(Kind.FILE.ordinal()).i32(5000).buffer().getBytes();
    assertThatIllegalArgumentException().isThrownBy(() -> TreeCodec.decode(longName))
        .withMessage("entry name of 5000 bytes exceeds the limit of 4096");
    byte[] longTarget = new WireOut().u8(3).i32(1).u8(Kind.SYMLINK.ordinal()).bytes(utf8("l")).i32(0).i64(1).i64(2)
        .i64(3).i64(0).i32(0).id(null).i32(Integer.MAX_VALUE).buffer().getBytes();
    assertThatIllegalArgumentException().isThrownBy(() -> TreeCodec.decode(longTarget))
        .withMessage("link target of 2147483647 bytes exceeds the limit of 4096");
  }
}
