package dev.cairn.hasher;

import dev.cairn.common.ChunkId;
import dev.cairn.common.ContentHash;
import dev.cairn.common.FastCdc;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * ChunkingReader reads one file sequentially and hands it out as pieces of whole chunks, each chunk
 * cut by FastCDC and named by its hash.
 *
 * <p>A piece owns its buffer: its chunks are views of it and stay valid after the next read, so a
 * piece can be sent to the store while the file goes on being read. Memory per open reader is one
 * piece plus at most one maximum-size chunk carried over.
 */
final class ChunkingReader implements AutoCloseable {
  /** Bytes read per piece; large, sequential reads are what disks and page caches serve fastest. */
  static final int READ_SIZE = 8 << 20;

  private final FileChannel channel;
  private final FastCdc chunker;
  private final ContentHash hash;
  private final int maxChunk;
  private ByteBuffer carry = ByteBuffer.allocate(0);
  private long bytesRead;
  private boolean eof;

  /** One chunk of a piece: its id and its bytes. */
  record Chunk(ChunkId id, ByteBuffer data) {}

  ChunkingReader(Path file, FastCdc chunker, ContentHash hash) throws IOException {
    this.channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    this.chunker = chunker;
    this.hash = hash;
    this.maxChunk = chunker.params().maxSize();
  }

  /** The bytes read so far. */
  long bytesRead() {
    return bytesRead;
  }

  /** Returns the next chunks in file order, or an empty list once the whole file is read. */
  List<Chunk> next() throws IOException {
    if (eof && !carry.hasRemaining()) {
      return List.of();
    }
    ByteBuffer buffer = ByteBuffer.allocate(carry.remaining() + Math.max(READ_SIZE, maxChunk));
    buffer.put(carry);
    while (!eof && buffer.hasRemaining()) {
      int n = channel.read(buffer);
      if (n < 0) {
        eof = true;
      } else {
        bytesRead += n;
      }
    }
    buffer.flip();
    byte[] array = buffer.array();
    List<Chunk> chunks = new ArrayList<>();
    int pos = 0;
    int end = buffer.limit();
    while (end - pos > 0 && (eof || end - pos >= maxChunk)) {
      int length = chunker.cut(array, pos, end - pos);
      chunks.add(new Chunk(hash.hash(array, pos, length), ByteBuffer.wrap(array, pos, length).slice()));
      pos += length;
    }
    carry = ByteBuffer.wrap(array, pos, end - pos);
    return chunks;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
