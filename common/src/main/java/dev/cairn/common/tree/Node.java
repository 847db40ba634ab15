package dev.cairn.common.tree;

import dev.cairn.common.ChunkId;
import dev.cairn.common.wire.WireIn;
import dev.cairn.common.wire.WireOut;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Node is one entry of a directory tree: a file, a directory, a symbolic link, a FIFO or a device,
 * with the metadata a restore puts back and the metadata an incremental backup compares.
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
 * @param owner who owned the entry; {@code null} in trees written before owners were recorded
 * @param xattrs the extended attributes, sorted by name
 * @param rdev a device's number, as the kernel's {@code dev_t}; 0 otherwise
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
    long links,
    Owner owner,
    List<Xattr> xattrs,
    long rdev) {

  /** What a tree entry is. New kinds go at the end: the ordinal is what a tree stores. */
  public enum Kind {
    FILE,
    DIRECTORY,
    SYMLINK,
    FIFO,
    CHAR_DEVICE,
    BLOCK_DEVICE
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
    xattrs = sorted(xattrs, name);
  }

  /** An entry with no owner, extended attributes or device number recorded. */
  public Node(Kind kind, byte[] name, int mode, long mtimeNanos, long ctimeNanos, long inode, long size,
      List<ChunkId> chunks, ChunkId subtree, byte[] linkTarget, long device, long links) {
    this(kind, name, mode, mtimeNanos, ctimeNanos, inode, size, chunks, subtree, linkTarget, device, links, null,
        List.of(), 0);
  }

  /** An entry with a single link. */
  public Node(Kind kind, byte[] name, int mode, long mtimeNanos, long ctimeNanos, long inode, long size,
      List<ChunkId> chunks, ChunkId subtree, byte[] linkTarget) {
    this(kind, name, mode, mtimeNanos, ctimeNanos, inode, size, chunks, subtree, linkTarget, 0, 1);
  }

  /** Returns this file node with its content. */
  public Node withContent(long newSize, List<ChunkId> newChunks) {
    return new Node(kind, name, mode, mtimeNanos, ctimeNanos, inode, newSize, newChunks, subtree, linkTarget, device,
        links, owner, xattrs, rdev);
  }

  /** Returns this directory node pointing at {@code tree}. */
  public Node withSubtree(ChunkId tree) {
    return new Node(kind, name, mode, mtimeNanos, ctimeNanos, inode, size, chunks, tree, linkTarget, device, links,
        owner, xattrs, rdev);
  }

  /** Returns this node with {@code newOwner} and {@code newXattrs}. */
  public Node withOwnership(Owner newOwner, List<Xattr> newXattrs) {
    return new Node(kind, name, mode, mtimeNanos, ctimeNanos, inode, size, chunks, subtree, linkTarget, device, links,
        newOwner, newXattrs, rdev);
  }

  /** Returns this node with device number {@code newRdev}. */
  public Node withRdev(long newRdev) {
    return new Node(kind, name, mode, mtimeNanos, ctimeNanos, inode, size, chunks, subtree, linkTarget, device, links,
        owner, xattrs, newRdev);
  }

  /** Reports whether this is a file with other hard links, which a restore links together. */
  public boolean hardLinked() {
    return kind == Kind.FILE && links > 1;
  }

  /** Reports whether this is a FIFO or a device, which a restore makes with {@code mknod}. */
  public boolean special() {
    return kind == Kind.FIFO || kind == Kind.CHAR_DEVICE || kind == Kind.BLOCK_DEVICE;
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

  /** Writes the binary form of the current tree format. */
  public void write(WireOut out) {
    NodeFormat.write(this, out);
  }

  /** Reads the binary form of the current tree format. */
  public static Node read(WireIn in) {
    return NodeFormat.read(in, TreeCodec.FORMAT, null);
  }

  private static List<Xattr> sorted(List<Xattr> xattrs, byte[] name) {
    if (xattrs == null || xattrs.isEmpty()) {
      return List.of();
    }
    List<Xattr> sorted = new ArrayList<>(xattrs);
    sorted.sort(Xattr.BY_NAME);
    for (int i = 1; i < sorted.size(); i++) {
      if (Xattr.BY_NAME.compare(sorted.get(i - 1), sorted.get(i)) == 0) {
        throw new IllegalArgumentException("two extended attributes named " + sorted.get(i).printableName() + " on "
            + printable(name));
      }
    }
    return List.copyOf(sorted);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Node n && kind == n.kind && Arrays.equals(name, n.name) && mode == n.mode
        && mtimeNanos == n.mtimeNanos && ctimeNanos == n.ctimeNanos && inode == n.inode && size == n.size
        && chunks.equals(n.chunks) && Objects.equals(subtree, n.subtree)
        && Arrays.equals(linkTarget, n.linkTarget) && device == n.device && links == n.links
        && Objects.equals(owner, n.owner) && xattrs.equals(n.xattrs) && rdev == n.rdev;
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
