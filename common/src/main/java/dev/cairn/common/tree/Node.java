package dev.cairn.common.tree;

import dev.cairn.common.ChunkId;
import dev.cairn.common.wire.WireIn;
import dev.cairn.common.wire.WireOut;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Node is one entry of a directory tree: a file, a directory or a symbolic link, with the metadata
 * a restore puts back and the metadata an incremental backup compares.
 *
 * <p>Names and link targets are raw bytes, as the filesystem gave them: Linux allows names that
 * are not UTF-8, and they must come back byte for byte.
 *
 * @param kind what the entry is
 * @param name the entry's name within its directory, never empty, {@code .}, {@code ..}, nor
 *     containing {@code /} or NUL
 * @param mode the permission bits (including setuid, setgid and sticky)
 * @param mtimeNanos modification time, nanoseconds since the epoch
 * @param ctimeNanos status change time, nanoseconds since the epoch (compared, never restored)
 * @param inode the inode number at backup time (compared, never restored)
 * @param size the content length of a file; 0 otherwise
 * @param chunks a file's content, in order; empty otherwise
 * @param subtree a directory's tree object; {@code null} otherwise
 * @param linkTarget a symbolic link's target; {@code null} otherwise
 * @param device the device of a file with several hard links; 0 otherwise, so that trees do not
 *     change with device numbers
 * @param links a file's hard link count at backup time when above one; 1 otherwise. Files of one
 *     snapshot with the same device and inode and {@code links > 1} are restored as hard links of
 *     one another
 */
public record Node(
    Kind kind,
    byte[] name,
    int mode,
    long mtimeNanos,
    long ctimeNanos,
    long inode,
    long size,
    List<ChunkId> chunks,
    ChunkId subtree,
    byte[] linkTarget,
    long device,
    long links) {

  /** What a tree entry is. */
  public enum Kind {
    FILE,
    DIRECTORY,
    SYMLINK
  }

  /** Checks the invariants every tree a repository holds must satisfy. */
  public Node {
    if (!isSafeName(name)) {
      throw new IllegalArgumentException("unsafe entry name: " + printable(name));
    }
    chunks = List.copyOf(chunks);
    if (kind == Kind.DIRECTORY && subtree == null) {
      throw new IllegalArgumentException("directory without a tree: " + printable(name));
    }
    if (kind == Kind.SYMLINK && linkTarget == null) {
      throw new IllegalArgumentException("symlink without a target: " + printable(name));
    }
  }

  /** An entry with a single link. */
  public Node(Kind kind, byte[] name, int mode, long mtimeNanos, long ctimeNanos, long inode, long size,
      List<ChunkId> chunks, ChunkId subtree, byte[] linkTarget) {
    this(kind, name, mode, mtimeNanos, ctimeNanos, inode, size, chunks, subtree, linkTarget, 0, 1);
  }

  /** Returns this file node with its content. */
  public Node withContent(long newSize, List<ChunkId> newChunks) {
    return new Node(kind, name, mode, mtimeNanos, ctimeNanos, inode, newSize, newChunks, subtree, linkTarget, device,
        links);
  }

  /** Returns this directory node pointing at {@code tree}. */
  public Node withSubtree(ChunkId tree) {
    return new Node(kind, name, mode, mtimeNanos, ctimeNanos, inode, size, chunks, tree, linkTarget, device, links);
  }

  /** Reports whether this is a file with other hard links, which a restore links together. */
  public boolean hardLinked() {
    return kind == Kind.FILE && links > 1;
  }

  /** The name for people: UTF-8 where it is, with replacement characters where it is not. */
  public String printableName() {
    return printable(name);
  }

  /**
   * Reports whether {@code name} may be a tree entry: restore joins it to a directory, so it must
   * not climb out of it.
   */
  public static boolean isSafeName(byte[] name) {
    if (name == null || name.length == 0) {
      return false;
    }
    if (Arrays.equals(name, new byte[] {'.'}) || Arrays.equals(name, new byte[] {'.', '.'})) {
      return false;
    }
    for (byte b : name) {
      if (b == '/' || b == 0) {
        return false;
      }
    }
    return true;
  }

  /** Decodes raw name bytes for display. */
  public static String printable(byte[] raw) {
    return raw == null ? "<none>" : new String(raw, StandardCharsets.UTF_8);
  }

  /** Writes the binary form. */
  public void write(WireOut out) {
    out.u8(kind.ordinal()).bytes(name).i32(mode).i64(mtimeNanos).i64(ctimeNanos).i64(inode).i64(size);
    out.list(chunks, WireOut::id);
    out.id(subtree).bytes(linkTarget).i64(device).i64(links);
  }

  /** Reads the binary form. */
  public static Node read(WireIn in) {
    return read(in, TreeCodec.FORMAT, null);
  }

  /**
   * Reads the binary form of tree format {@code format}. An entry whose name is unsafe is read
   * past, its name added to {@code refused}, and {@code null} returned; without {@code refused}
   * it is an {@link IllegalArgumentException}.
   */
  static Node read(WireIn in, int format, List<byte[]> refused) {
    int kind = in.u8();
    if (kind >= Kind.values().length) {
      throw new IllegalArgumentException("unknown entry kind " + kind);
    }
    byte[] name = in.bytes();
    int mode = in.i32();
    long mtime = in.i64();
    long ctime = in.i64();
    long inode = in.i64();
    long size = in.i64();
    List<ChunkId> chunks = in.list(Node::chunkId);
    ChunkId subtree = in.id();
    byte[] target = in.bytes();
    long device = format >= 2 ? in.i64() : 0;
    long links = format >= 2 ? in.i64() : 1;
    if (refused != null && !isSafeName(name)) {
      refused.add(name == null ? new byte[0] : name);
      return null;
    }
    return new Node(Kind.values()[kind], name, mode, mtime, ctime, inode, size, chunks, subtree, target, device,
        links);
  }

  private static ChunkId chunkId(WireIn in) {
    ChunkId id = in.id();
    if (id == null) {
      throw new IllegalArgumentException("missing chunk id");
    }
    return id;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Node n && kind == n.kind && Arrays.equals(name, n.name) && mode == n.mode
        && mtimeNanos == n.mtimeNanos && ctimeNanos == n.ctimeNanos && inode == n.inode && size == n.size
        && chunks.equals(n.chunks) && java.util.Objects.equals(subtree, n.subtree)
        && Arrays.equals(linkTarget, n.linkTarget) && device == n.device && links == n.links;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(name) * 31 + Long.hashCode(mtimeNanos);
  }

  @Override
  public String toString() {
    return kind + " " + printableName();
  }
}
