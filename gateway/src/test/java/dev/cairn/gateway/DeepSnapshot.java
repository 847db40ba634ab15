package dev.cairn.gateway;

import dev.cairn.common.ChunkId;
import dev.cairn.common.ChunkerParams;
import dev.cairn.common.ContentHash;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.message.StoreMessages.Blob;
import dev.cairn.common.tree.Node;
import dev.cairn.common.tree.TreeCodec;
import dev.cairn.store.Repository;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * DeepSnapshot commits, straight into a repository, a snapshot of one chain of directories named
 * {@code d}, {@code depth} levels deep, too deep to exist on a disk: {@code /d/d/.../d/end.txt},
 * with {@code middle.txt} beside the directory at half the depth.
 */
final class DeepSnapshot {
  static final String NAME = "d";
  static final byte[] END = "the end of a deep tree\n".getBytes(StandardCharsets.UTF_8);
  static final byte[] MIDDLE = "half way down\n".getBytes(StandardCharsets.UTF_8);

  private DeepSnapshot() {}

  /** Commits the snapshot into a new repository at {@code repo}; returns its id. */
  static String commit(Path repo, int depth) {
    ContentHash hash = ContentHash.blake3();
    Blob end = blob(hash, BlobType.DATA, END);
    Blob middle = blob(hash, BlobType.DATA, MIDDLE);
    List<Blob> blobs = new ArrayList<>(List.of(end, middle));
    Blob tree = blob(hash, BlobType.TREE, TreeCodec.encode(List.of(file("end.txt", end))));
    blobs.add(tree);
    // The tree made at step {@code level} is the content of the directory {@code level - 1} deep.
    for (int level = depth; level >= 1; level--) {
      List<Node> entries = new ArrayList<>();
      entries.add(directory(tree.id()));
      if (level - 1 == depth / 2) {
        entries.add(file("middle.txt", middle));
      }
      tree = blob(hash, BlobType.TREE, TreeCodec.encode(entries));
      blobs.add(tree);
    }
    try (Repository repository = Repository.open(repo, true, ChunkerParams.defaults())) {
      repository.put(PlainBlobs.stored(blobs));
      return repository.commit(new Snapshot(null, Instant.now(), "deep", List.of("/" + NAME), tree.id(),
          new Snapshot.Totals(2, depth, END.length + MIDDLE.length, 0, 0, 0), List.of())).id().hex();
    }
  }

  /** The path of the directory at {@code level} (1 is {@code /d}), without its leading slash. */
  static String path(int level) {
    return String.join("/", java.util.Collections.nCopies(level, NAME));
  }

  private static Node directory(ChunkId subtree) {
    return new Node(Node.Kind.DIRECTORY, NAME.getBytes(StandardCharsets.UTF_8), 0755, 1_700_000_000_000_000_000L,
        1_700_000_000_000_000_000L, 2, 0, List.of(), subtree, null);
  }

  private static Node file(String name, Blob content) {
    return new Node(Node.Kind.FILE, name.getBytes(StandardCharsets.UTF_8), 0644, 1_700_000_000_000_000_000L,
        1_700_000_000_000_000_000L, 3, content.length(), List.of(content.id()), null, null);
  }

  private static Blob blob(ContentHash hash, BlobType type, byte[] content) {
    return new Blob(type, hash.hash(content), ByteBuffer.wrap(content));
  }
}
