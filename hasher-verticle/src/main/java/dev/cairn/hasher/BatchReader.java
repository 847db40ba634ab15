package dev.cairn.hasher;

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
 * BatchReader reads the files of one batch, one after the other, into one reused buffer (the
 * <em>arena</em>) and cuts their content into chunks.
 *
 * <p>Each {@link #next} fills the arena with as much content as fits — many small files, or one
 * large piece of a big file — and returns where its chunks lie. The chunks stay valid until the
 * next call, which first moves the uncut tail of the current file to the front: at most one
 * chunk's worth of bytes is ever copied, and nothing is allocated per file or per chunk beyond
 * the lists describing them.
 */
final class BatchReader implements AutoCloseable {
  /** Bytes read per system call: large enough to be sequential, small enough for the JDK's copy buffer. */
  private static final int READ_SLICE = 1 << 20;

  private final List<Path> files;
  private final FastCdc chunker;
  private final byte[] arena;
  private final int maxChunk;
  private int fileIndex;
  private FileChannel channel;
  private long fileBytes;
  private int fill;
  private int cut;

  /** Where one chunk lies in the arena, and the index of the file it belongs to. */
  record Cut(int file, int offset, int length) {}

  /** A file read to its end ({@code error == null}) or abandoned, with the bytes read. */
  record Finished(int file, long size, String error) {}

  /** What one fill of the arena produced. */
  record Fill(List<Cut> cuts, List<Finished> finished) {}

  /** Reads {@code files} into {@code arena}, which must hold at least two maximum-size chunks. */
  BatchReader(List<Path> files, FastCdc chunker, byte[] arena) {
    if (arena.length < 2 * chunker.params().maxSize()) {
      throw new IllegalArgumentException("arena smaller than two maximum chunks");
    }
    this.files = files;
    this.chunker = chunker;
    this.arena = arena;
    this.maxChunk = chunker.params().maxSize();
  }

  /** The arena the chunks of each fill lie in. */
  byte[] arena() {
    return arena;
  }

  /** Reports whether every file has been read to its end or abandoned. */
  boolean done() {
    return fileIndex == files.size();
  }

  /** Refills the arena and cuts what it can; the previous fill's chunks are no longer valid. */
  Fill next() {
    int carry = fill - cut;
    System.arraycopy(arena, cut, arena, 0, carry);
    fill = carry;
    cut = 0;
    List<Cut> cuts = new ArrayList<>();
    List<Finished> finished = new ArrayList<>();
    while (fileIndex < files.size()) {
      int fileStart = cut;
      int cutsBefore = cuts.size();
      boolean eof;
      try {
        if (channel == null) {
          channel = FileChannel.open(files.get(fileIndex), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
          fileBytes = 0;
        }
        eof = read();
      } catch (IOException e) {
        cuts.subList(cutsBefore, cuts.size()).clear();
        fill = fileStart;
        cut = fileStart;
        finished.add(new Finished(fileIndex, fileBytes, Errors.describe(e)));
        closeFile();
        continue;
      }
      while (fill > cut && (eof || fill - cut >= maxChunk)) {
        int length = chunker.cut(arena, cut, fill - cut);
        cuts.add(new Cut(fileIndex, cut, length));
        cut += length;
      }
      if (!eof) {
        break;
      }
      finished.add(new Finished(fileIndex, fileBytes, null));
      closeFile();
    }
    return new Fill(cuts, finished);
  }

  /** Reads the current file until the arena is full or the file ends; returns whether it ended. */
  private boolean read() throws IOException {
    while (fill < arena.length) {
      int n = channel.read(ByteBuffer.wrap(arena, fill, Math.min(READ_SLICE, arena.length - fill)));
      if (n < 0) {
        return true;
      }
      fill += n;
      fileBytes += n;
    }
    return false;
  }

  private void closeFile() {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      // A read-only channel has nothing left to flush; the content read stands.
    } finally {
      channel = null;
      fileIndex++;
    }
  }

  @Override
  public void close() {
    while (channel != null) {
      closeFile();
    }
  }
}
