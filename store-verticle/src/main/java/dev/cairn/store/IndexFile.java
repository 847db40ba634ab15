package dev.cairn.store;

import dev.cairn.common.ChunkId;
import dev.cairn.common.crypto.BlobCodec.FileKind;
import dev.cairn.store.PackWriter.SealedPack;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * IndexFile is the layout of an index file: which blobs each of a set of packs holds.
 *
 * <pre>
 *   magic "cairnix1" or "cairnix2" | pack count i32 | per pack: pack id 32 B, entry count i32, entries
 * </pre>
 *
 * An entry has the layout of a pack trailer entry. In format 2 the whole content is sealed. Index
 * files are named by the BLAKE3 of their stored bytes and written only after every pack they name
 * is durable.
 */
final class IndexFile {
  static final String FOLDER = "index/";

  private IndexFile() {}

  static String fileName(ChunkId id) {
    return FOLDER + id.hex();
  }

  /** The stored bytes of an index of {@code packs}. */
  static byte[] encode(RepositoryFormat format, List<SealedPack> packs) {
    byte[] magic = format.indexMagic();
    int length = magic.length + 4;
    for (SealedPack p : packs) {
      length += ChunkId.LENGTH + 4 + p.entries().size() * format.entryLength();
    }
    ByteBuffer out = ByteBuffer.allocate(length).put(magic).putInt(packs.size());
    byte[] id = new byte[ChunkId.LENGTH];
    for (SealedPack p : packs) {
      p.id().copyTo(id, 0);
      out.put(id).putInt(p.entries().size());
      p.entries().forEach(e -> format.putEntry(out, e));
    }
    return format.seal(FileKind.INDEX, out.array());
  }

  /** Decodes an index file's stored bytes, first checking that they match its name. */
  static List<SealedPack> decode(RepositoryFormat format, ChunkId name, byte[] stored) {
    if (!format.name(stored).equals(name)) {
      throw new IllegalArgumentException("index " + name.shortHex() + " does not match its name (damaged)");
    }
    byte[] content = format.open(FileKind.INDEX, stored, "index " + name.shortHex());
    try {
      ByteBuffer in = ByteBuffer.wrap(content);
      byte[] magic = new byte[format.indexMagic().length];
      in.get(magic);
      if (!Arrays.equals(magic, format.indexMagic())) {
        throw new IllegalArgumentException("index " + name.shortHex() + " is not an index file of this format");
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
        if (count > in.remaining() / format.entryLength()) {
          throw new IllegalArgumentException("it claims " + count + " entries for one pack");
        }
        List<PackEntry> entries = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
          entries.add(format.getEntry(in));
        }
        packs.add(new SealedPack(ChunkId.of(id), entries));
      }
      return packs;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("index " + name.shortHex() + " is malformed: " + e.getMessage(), e);
    }
  }
}
