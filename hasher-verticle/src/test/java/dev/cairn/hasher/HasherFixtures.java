package dev.cairn.hasher;

import dev.cairn.common.ChunkId;
import dev.cairn.common.ChunkerParams;
import dev.cairn.common.ContentHash;
import dev.cairn.common.FastCdc;
import dev.cairn.common.RawPaths;
import dev.cairn.common.message.HasherMessages.FileTask;
import dev.cairn.common.tree.Node;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Content, expected chunkings and file entries shared by the hasher's tests. */
final class HasherFixtures {
  /** Small chunks, so a few MiB make hundreds of them: 2 KiB minimum, 8 KiB average, 64 KiB maximum. */
  static final ChunkerParams SMALL = ChunkerParams.of(2 << 10, 8 << 10, 64 << 10);

  private HasherFixtures() {}

  /** {@code length} pseudo-random bytes, the same for the same seed. */
  static byte[] randomBytes(long seed, int length) {
    byte[] bytes = new byte[length];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /** {@code block} written {@code times} times in a row. */
  static byte[] repeated(byte[] block, int times) {
    byte[] out = new byte[block.length * times];
    for (int i = 0; i < times; i++) {
      System.arraycopy(block, 0, out, i * block.length, block.length);
    }
    return out;
  }

  /** The chunk lengths FastCDC gives when it sees the whole of {@code data} in one array. */
  static List<Integer> cutLengths(byte[] data, ChunkerParams params) {
    FastCdc cdc = new FastCdc(params);
    List<Integer> lengths = new ArrayList<>();
    for (int pos = 0; pos < data.length; ) {
      int n = cdc.cut(data, pos, data.length - pos);
      lengths.add(n);
      pos += n;
    }
    return lengths;
  }

  /** The ids of {@code data}'s chunks, in file order, as the repository must name them. */
  static List<ChunkId> chunkIds(byte[] data, ChunkerParams params) {
    ContentHash hash = ContentHash.blake3();
    List<ChunkId> ids = new ArrayList<>();
    int pos = 0;
    for (int n : cutLengths(data, params)) {
      ids.add(hash.hash(data, pos, n));
      pos += n;
    }
    return ids;
  }

  /** A file entry as the scan would send it: metadata only, no content yet. */
  static Node fileEntry(String name, int mode, long mtimeNanos) {
    return new Node(Node.Kind.FILE, name.getBytes(StandardCharsets.UTF_8), mode, mtimeNanos, mtimeNanos + 7,
        4242, 0, List.of(), null, null);
  }

  /** A backup task for {@code path} carrying {@code entry}. */
  static FileTask task(Path path, Node entry) {
    return new FileTask(RawPaths.bytes(path), entry);
  }
}
