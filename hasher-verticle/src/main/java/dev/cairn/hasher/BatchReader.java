package dev.cairn.hasher;

import dev.cairn.common.FastCdc;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
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
 *
 * <p>A file is stat'ed before it is opened and again once it is read to its end. If its size or
 * modification time changed, or the bytes read differ from its size, it changed while it was
 * read: it is read once more from the start ({@link Fill#restarted} says so, and its earlier
 * chunks no longer count). If it changes during that read too, what was read is kept and the file
 * is marked {@link Finished#changed}.
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
  /** The current file's size and modification time before it was opened. */
  private BasicFileAttributes before;
  /** How many times the current file has been read again because it changed. */
  private int rereads;
  private int fill;
  private int cut;

  /** Where one chunk lies in the arena, and the index of the file it belongs to. */
  record Cut(int file, int offset, int length) {}

  /**
   * A file read to its end ({@code error == null}) or abandoned, with the bytes read; {@code changed}
   * if it kept changing while it was read.
   */
  record Finished(int file, long size, String error, boolean changed) {}

  /**
   * What one fill of the arena produced: chunks, files finished, and files read again from the
   * start, whose chunks from earlier fills are void.
   */
  record Fill(List<Cut> cuts, List<Finished> finished, List<Integer> restarted) {}

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
    List<Integer> restarted = new ArrayList<>();
    while (fileIndex < files.size()) {
      int fileStart = cut;
      int cutsBefore = cuts.size();
      boolean eof;
      try {
        if (channel == null) {
          before = attributes();
          channel = FileChannel.open(files.get(fileIndex), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
          fileBytes = 0;
        }
        eof = read();
      } catch (IOException e) {
        cuts.subList(cutsBefore, cuts.size()).clear();
        fill = fileStart;
        cut = fileStart;
        finished.add(new Finished(fileIndex, fileBytes, Errors.describe(e), false));
        closeFile();
        continue;
      }
      boolean changed = eof && changedSinceOpen();
      if (changed && rereads == 0) {
        cuts.subList(cutsBefore, cuts.size()).clear();
        fill = fileStart;
        cut = fileStart;
        restarted.add(fileIndex);
        rereads++;
        closeChannel();
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
      finished.add(new Finished(fileIndex, fileBytes, null, changed));
      closeFile();
    }
    return new Fill(cuts, finished, restarted);
  }

  private BasicFileAttributes attributes() throws IOException {
    return Files.readAttributes(files.get(fileIndex), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Reports whether the file just read to its end changed since it was opened. A file gone by now
   * was read whole before it went, so what was read stands.
   */
  private boolean changedSinceOpen() {
    BasicFileAttributes after;
    try {
      after = attributes();
    } catch (IOException e) {
      return false;
    }
    return after.size() != before.size() || after.size() != fileBytes
        || !after.lastModifiedTime().equals(before.lastModifiedTime());
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
    closeChannel();
    fileIndex++;
    rereads = 0;
  }

  private void closeChannel() {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      // A read-only channel has nothing left to flush; the content read stands.
    } finally {
      channel = null;
    }
  }

  @Override
  public void close() {
    while (channel != null) {
      closeFile();
    }
  }
}
