package dev.cairn.store;

import dev.cairn.common.ChunkId;
import dev.cairn.common.ContentHash;
import dev.cairn.common.crypto.BlobCodec;
import dev.cairn.common.crypto.Compression;
import dev.cairn.common.crypto.MasterKey;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.message.StoreMessages.Blob;
import dev.cairn.common.message.StoreMessages.StoredBlob;
import dev.cairn.common.tree.Node;
import dev.cairn.common.tree.TreeCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Blobs, trees, snapshots and on-disk helpers shared by the store tests. */
final class StoreFixtures {
  static final ContentHash HASH = ContentHash.blake3();
  /** An encrypted repository format with a key of its own, for tests of both formats. */
  static final RepositoryFormat ENCRYPTED =
      RepositoryFormat.encrypted(BlobCodec.encrypted(MasterKey.generate(), Compression.auto()));

  private StoreFixtures() {}

  static byte[] randomBytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  static ChunkId randomId(SplittableRandom random) {
    return ChunkId.of(randomBytes(random, ChunkId.LENGTH));
  }

  /** Blobs given by content, as a plain-text repository stores them. */
  static List<StoredBlob> plain(List<Blob> blobs) {
    return blobs.stream().map(b -> new StoredBlob(b.type(), b.id(), b.data(), b.length(), b.received())).toList();
  }

  static Blob data(byte[] bytes) {
    return new Blob(BlobType.DATA, HASH.hash(bytes), ByteBuffer.wrap(bytes));
  }

  static Blob data(String text) {
    return data(text.getBytes(StandardCharsets.UTF_8));
  }

  static Blob tree(Node... entries) {
    byte[] bytes = TreeCodec.encode(List.of(entries));
    return new Blob(BlobType.TREE, HASH.hash(bytes), ByteBuffer.wrap(bytes));
  }

  static Node file(String name, Blob... chunks) {
    long size = 0;
    for (Blob b : chunks) {
      size += b.length();
    }
    List<ChunkId> ids = Stream.of(chunks).map(Blob::id).toList();
    return new Node(Node.Kind.FILE, name.getBytes(StandardCharsets.UTF_8), 0644, 1_700_000_000_000_000_000L,
        1_700_000_000_000_000_000L, 42, size, ids, null, null);
  }

  static Node directory(String name, Blob subtree) {
    return new Node(Node.Kind.DIRECTORY, name.getBytes(StandardCharsets.UTF_8), 0755, 1_700_000_000_000_000_000L,
        1_700_000_000_000_000_000L, 7, 0, List.of(), subtree.id(), null);
  }

  static Snapshot snapshot(Blob rootTree, Instant time) {
    return new Snapshot(null, time, "host-a", List.of("/home"), rootTree.id(),
        new Snapshot.Totals(1, 1, 10, 10, 2, 0), List.of());
  }

  /** Every regular file under {@code dir}, relative, with its content. */
  static TreeMap<String, byte[]> contents(Path dir) {
    TreeMap<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(dir.relativize(p).toString(), Files.readAllBytes(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return files;
  }

  /** The pack files of the repository in {@code dir}. */
  static List<Path> packFiles(Path dir) {
    Path packs = dir.resolve("packs");
    if (!Files.isDirectory(packs)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(packs)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Inverts every bit of the byte at {@code offset} of {@code file}. */
  static void flipByte(Path file, long offset) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[Math.toIntExact(offset)] ^= (byte) 0xff;
    Files.write(file, bytes);
  }
}
