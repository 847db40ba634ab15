package dev.cairn.common.tree;

import dev.cairn.common.ChunkId;
import dev.cairn.common.wire.WireIn;
import dev.cairn.common.wire.WireOut;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * NodeFormat is the binary layout of one tree entry in each tree format. Format 1 ends at the link
 * target; format 2 adds the device and link count; format 3 adds the owner, the extended
 * attributes and the device number.
 *
 * <p>Every length is checked against a limit before anything is allocated for it, so a damaged or
 * hostile tree is refused with the field named, never read into a huge array.
 */
final class NodeFormat {
  /** The longest entry name a tree may hold; Linux names are at most 255 bytes. */
  static final int NAME_LIMIT = 4096;
  /** The longest link target a tree may hold (PATH_MAX). */
  static final int TARGET_LIMIT = 4096;

  private NodeFormat() {}

  static void write(Node n, WireOut out) {
    out.u8(n.kind().ordinal()).bytes(n.name()).i32(n.mode()).i64(n.mtimeNanos()).i64(n.ctimeNanos()).i64(n.inode())
        .i64(n.size());
    out.list(n.chunks(), WireOut::id);
    out.id(n.subtree()).bytes(n.linkTarget()).i64(n.device()).i64(n.links());
    Owner owner = n.owner();
    out.bool(owner != null);
    if (owner != null) {
      out.i32(owner.uid()).i32(owner.gid()).str(owner.user()).str(owner.group());
    }
    out.list(n.xattrs(), (o, x) -> o.bytes(x.name()).bytes(x.value()));
    out.i64(n.rdev());
  }

  /**
   * Reads an entry of tree format {@code format}. An entry whose name is unsafe is read past, its
   * name added to {@code refused}, and {@code null} returned; without {@code refused} it is an
   * {@link IllegalArgumentException}.
   */
  static Node read(WireIn in, int format, List<byte[]> refused) {
    int kind = in.u8();
    int kinds = format >= 3 ? Node.Kind.values().length : Node.Kind.FIFO.ordinal();
    if (kind >= kinds) {
      throw new IllegalArgumentException("unknown entry kind " + kind + " in tree format " + format);
    }
    byte[] name = in.bytes(NAME_LIMIT, "entry name");
    int mode = in.i32();
    long mtime = in.i64();
    long ctime = in.i64();
    long inode = in.i64();
    long size = in.i64();
    List<ChunkId> chunks = in.list(NodeFormat::chunkId);
    ChunkId subtree = in.id();
    byte[] target = in.bytes(TARGET_LIMIT, "link target");
    long device = format >= 2 ? in.i64() : 0;
    long links = format >= 2 ? in.i64() : 1;
    Owner owner = null;
    List<Xattr> xattrs = List.of();
    long rdev = 0;
    if (format >= 3) {
      owner = in.bool() ? new Owner(in.i32(), in.i32(), ownerName(in, "user name"), ownerName(in, "group name")) : null;
      xattrs = in.list(Xattr.COUNT_LIMIT, "extended attribute", NodeFormat::xattr);
      rdev = in.i64();
    }
    if (refused != null && !Node.isSafeName(name)) {
      refused.add(name == null ? new byte[0] : name);
      return null;
    }
    return new Node(Node.Kind.values()[kind], name, mode, mtime, ctime, inode, size, chunks, subtree, target, device,
        links, owner, xattrs, rdev);
  }

  private static String ownerName(WireIn in, String what) {
    byte[] raw = in.bytes(Owner.NAME_LIMIT, what);
    return raw == null ? null : new String(raw, StandardCharsets.UTF_8);
  }

  private static Xattr xattr(WireIn in) {
    byte[] name = in.bytes(Xattr.NAME_LIMIT, "extended attribute name");
    String shown = name == null ? "" : " of " + new String(name, StandardCharsets.UTF_8);
    byte[] value = in.bytes(Xattr.VALUE_LIMIT, "extended attribute value" + shown);
    return new Xattr(name, value);
  }

  private static ChunkId chunkId(WireIn in) {
    ChunkId id = in.id();
    if (id == null) {
      throw new IllegalArgumentException("missing chunk id");
    }
    return id;
  }
}
