package dev.cairn.scanner;

import dev.cairn.common.ChunkId;
import dev.cairn.common.RawPaths;
import dev.cairn.common.posix.Accounts;
import dev.cairn.common.posix.Xattrs;
import dev.cairn.common.tree.Node;
import dev.cairn.common.tree.Owner;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * FileSystemScan lists and stats directory entries without ever following a symbolic link: mode,
 * times, owner, extended attributes, and a device's number. Sockets are left out: a restore
 * cannot bring back the program listening on one. Every call blocks; the walk runs it on a worker
 * thread.
 */
final class FileSystemScan {
  private static final String ATTRIBUTES = "unix:mode,ino,dev,rdev,nlink,uid,gid,ctime,size,lastModifiedTime";
  private static final int TYPE_MASK = 0170000;
  private static final int TYPE_FILE = 0100000;
  private static final int TYPE_DIRECTORY = 0040000;
  private static final int TYPE_SYMLINK = 0120000;
  private static final int TYPE_FIFO = 0010000;
  private static final int TYPE_CHAR = 0020000;
  private static final int TYPE_BLOCK = 0060000;
  /** Placeholder subtree for a directory not yet assembled; replaced before the tree is stored. */
  static final ChunkId PENDING_TREE = ChunkId.of(new byte[ChunkId.LENGTH]);

  private FileSystemScan() {}

  /** Stats one path; {@code name} is the entry name its tree will record. */
  static ScannedEntry stat(Path path, byte[] name) {
    byte[] raw = RawPaths.bytes(path);
    try {
      Map<String, Object> a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
      int mode = (Integer) a.get("mode");
      long mtime = ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS);
      long ctime = ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS);
      long inode = (Long) a.get("ino");
      int permissions = mode & 07777;
      Node node = switch (mode & TYPE_MASK) {
        case TYPE_FILE -> {
          // Hard links are recorded with their device; a single link records none, so trees stay
          // the same when device numbers change (a reboot, another mount).
          int links = (Integer) a.get("nlink");
          long device = links > 1 ? (Long) a.get("dev") : 0;
          yield new Node(Node.Kind.FILE, name, permissions, mtime, ctime, inode, (Long) a.get("size"), List.of(), null,
              null, device, Math.max(1, links));
        }
        case TYPE_DIRECTORY -> new Node(Node.Kind.DIRECTORY, name, permissions, mtime, ctime, inode, 0, List.of(),
            PENDING_TREE, null);
        case TYPE_SYMLINK -> new Node(Node.Kind.SYMLINK, name, permissions, mtime, ctime, inode, 0, List.of(), null,
            RawPaths.bytes(Files.readSymbolicLink(path)));
        case TYPE_FIFO -> new Node(Node.Kind.FIFO, name, permissions, mtime, ctime, inode, 0, List.of(), null, null);
        case TYPE_CHAR -> new Node(Node.Kind.CHAR_DEVICE, name, permissions, mtime, ctime, inode, 0, List.of(), null,
            null).withRdev((Long) a.get("rdev"));
        case TYPE_BLOCK -> new Node(Node.Kind.BLOCK_DEVICE, name, permissions, mtime, ctime, inode, 0, List.of(),
            null, null).withRdev((Long) a.get("rdev"));
        default -> null;
      };
      if (node == null) {
        return new ScannedEntry(raw, null, specialKind(mode), true);
      }
      int uid = (Integer) a.get("uid");
      int gid = (Integer) a.get("gid");
      Owner owner = new Owner(uid, gid, Accounts.userName(uid), Accounts.groupName(gid));
      return new ScannedEntry(raw, node.withOwnership(owner, Xattrs.read(raw)), null, false, (Long) a.get("dev"));
    } catch (IOException e) {
      return new ScannedEntry(raw, null, describe(e));
    }
  }

  /** Lists and stats a directory's entries, sorted by the bytes of their names. */
  static List<ScannedEntry> list(Path dir) throws IOException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      stream.forEach(children::add);
    }
    List<byte[]> names = new ArrayList<>(children.size());
    for (Path child : children) {
      names.add(RawPaths.bytes(child.getFileName()));
    }
    Integer[] order = new Integer[children.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Arrays.compareUnsigned(names.get(x), names.get(y)));
    List<ScannedEntry> entries = new ArrayList<>(order.length);
    for (int i : order) {
      entries.add(stat(children.get(i), names.get(i)));
    }
    return entries;
  }

  /** The short reason a user reads for a failure on a path. */
  static String describe(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "does not exist (or vanished during the scan)";
    }
    if (e instanceof java.nio.file.FileSystemException fs && "File name too long".equals(fs.getReason())) {
      return "the path is too long for the filesystem (File name too long)";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String specialKind(int mode) {
    return switch (mode & TYPE_MASK) {
      case 0010000 -> "a FIFO";
      case 0140000 -> "a socket";
      case 0020000 -> "a character device";
      case 0060000 -> "a block device";
      default -> "an unknown file type";
    };
  }
}
