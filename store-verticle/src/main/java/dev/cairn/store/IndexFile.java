package dev.cairn.store;

import dev.cairn.common.ChunkId;
import dev.cairn.common.ContentHash;
import dev.cairn.store.PackWriter.SealedPack;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * IndexFile is the layout of an index file: which blobs each of a set of packs holds.
 *
 * <pre>
 *   magic "cairnix1" | pack count i32 | per pack: pack id 32 B, entry count i32, entries
 * </pre>
 *
 * An entry has the layout of a pack trailer entry. Index files are named by the BLAKE3 of their
 * content and written only after every pack they name is durable.
 */
final class IndexFile {
  static final String FOLDER = "index/";
  private static final byte[] MAGIC = "cairnix1".getBytes(StandardCharsets.US_ASCII);

  private IndexFile() {}

  static String fileName(ChunkId id) {
    return FOLDER + id.hex();
  }

  static byte[] encode(List<SealedPack> packs) {
    int length = MAGIC.length + 4;
    for (SealedPack p : packs) {
      length += ChunkId.LENGTH + 4 + p.entries().size() * PackEntry.ENCODED_LENGTH;
    }
    ByteBuffer out = ByteBuffer.allocate(length).put(MAGIC).putInt(packs.size());
    byte[] id = new byte[ChunkId.LENGTH];
    for (SealedPack p : packs) {
      p.id().copyTo(id, 0);
      out.put(id).putInt(p.entries().size());
      p.entries().forEach(e -> PackFormat.putEntry(out, e));
    }
    return out.array();
  }

  /** Decodes an index file, first checking that its content matches its name. */
  static List<SealedPack> decode(ChunkId name, byte[] content, ContentHash hash) {
    if (!hash.hash(content).equals(name)) {
      throw new IllegalArgumentException("index " + name.shortHex() + " does not match its name (damaged)");
    }
    try {
      ByteBuffer in = ByteBuffer.wrap(content);
      byte[] magic = new byte[MAGIC.length];
      in.get(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IllegalArgumentException("index " + name.shortHex() + " is not an index file");
      }
      int packCount = in.getInt();
      if (packCount < 0 || packCount > in.remaining() / (ChunkId.LENGTH + 4)) {
        throw new IllegalArgumentException("it claims " + packCount + " packs");
      }
      List<SealedPack> packs = new ArrayList<>(packCount);
      for (int p = 0; p < packCount; p++) {
        byte[] id = new byte[ChunkId.LENGTH];
        in.get(id);
        int count = PackFormat.entryCount(in.getInt());
        if (count > in.remaining() / PackEntry.ENCODED_LENGTH) {
          throw new IllegalArgumentException("it claims " + count + " entries for one pack");
        }
        List<PackEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          entries.add(PackFormat.getEntry(in));
        }
        packs.add(new SealedPack(ChunkId.of(id), entries));
      }
      return packs;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("index " + name.shortHex() + " is malformed: " + e.getMessage(), e);
    }
  }
}
