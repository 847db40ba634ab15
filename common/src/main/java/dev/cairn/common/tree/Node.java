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
    byte[] linkTarget) {

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

  /** Returns this file node with its content. */
  public Node withContent(long newSize, List<ChunkId> newChunks) {
    return new Node(kind, name, mode, mtimeNanos, ctimeNanos, inode, newSize, newChunks, subtree, linkTarget);
  }

  /** Returns this directory node pointing at {@code tree}. */
  public Node withSubtree(ChunkId tree) {
    return new Node(kind, name, mode, mtimeNanos, ctimeNanos, inode, size, chunks, tree, linkTarget);
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
    out.id(subtree).bytes(linkTarget);
  }

  /** Reads the binary form. */
  public static Node read(WireIn in) {
    int kind = in.u8();
    if (kind >= Kind.values().length) {
      throw new IllegalArgumentException("unknown entry kind " + kind);
    }
    return new Node(Kind.values()[kind], in.bytes(), in.i32(), in.i64(), in.i64(), in.i64(), in.i64(),
        in.list(Node::chunkId), in.id(), in.bytes());
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
        && Arrays.equals(linkTarget, n.linkTarget);
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
