package dev.cairn.hasher;

import dev.cairn.common.FastCdc;
import dev.cairn.common.posix.OpenFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
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
 * <p>A file is opened once by path and from then on known only by its descriptor (see {@link
 * OpenFile}). Its device and inode must be those the scan recorded: a parent directory swapped for
 * a link between the scan and the open would otherwise hand over another file under the scanned
 * file's name, owner and mode. Such a file is abandoned with {@link #NOT_THE_SCANNED_FILE} and
 * nothing of it is read.
 *
 * <p>The open file is stat'ed right after the open and again once it is read to its end, through
 * its descriptor, so both looks are at the inode read. If its size or modification time changed, or the bytes read differ from its size, it changed while it was
 * read: it is read once more from the start ({@link Fill#restarted} says so, and its earlier
 * chunks no longer count). If it changes during that read too, what was read is kept and the file
 * is marked {@link Finished#changed}.
 */
final class BatchReader implements AutoCloseable {
  /** Bytes read per system call: large enough to be sequential, small enough for the JDK's copy buffer. */
  private static final int READ_SLICE = 1 << 20;
  /** The reason recorded for a path that, once opened, is not the file the scan saw. */
  static final String NOT_THE_SCANNED_FILE = "changed while it was read: it is no longer the file the scan saw";

  private final List<Path> files;
  private final List<Identity> identities;
  private final FastCdc chunker;
  private final byte[] arena;
  private final int maxChunk;
  private int fileIndex;
  private OpenFile file;
  private FileChannel channel;
  private long fileBytes;
  /** The current file's status right after it was opened. */
  private OpenFile.Status before;
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

  /** The device and inode a file had when the scan saw it. */
  record Identity(long device, long inode) {}

  /** Reads {@code files} into {@code arena}, which must hold at least two maximum-size chunks. */
  BatchReader(List<Path> files, FastCdc chunker, byte[] arena) {
    this(files, Collections.nCopies(files.size(), null), chunker, arena);
  }

  /**
   * Reads {@code files} into {@code arena}, each only if it is still the file {@code identities}
   * names at the same index; a {@code null} identity checks only that it is a regular file.
   */
  BatchReader(List<Path> files, List<Identity> identities, FastCdc chunker, byte[] arena) {
    if (identities.size() != files.size()) {
      throw new IllegalArgumentException("one identity per file");
    }
    this.identities = identities;
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
          openCurrent();
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

  /**
   * Opens the current file and checks it is the one the scan saw before a byte of it is read: one
   * open by path, one {@code fstat}, one reopen of the descriptor's inode.
   */
  private void openCurrent() throws IOException {
    Path path = files.get(fileIndex);
    file = OpenFile.open(path);
    before = file.status();
    Identity seen = identities.get(fileIndex);
    if (!before.regular() || seen != null && (before.device() != seen.device() || before.inode() != seen.inode())) {
      throw new FileSystemException(path.toString(), null, NOT_THE_SCANNED_FILE);
    }
    channel = file.channel();
    fileBytes = 0;
  }

  /**
   * Reports whether the file just read to its end changed since it was opened, asking the open
   * descriptor, so the answer is about the inode read even if its name now leads elsewhere. A file
   * unlinked meanwhile was still read whole, so what was read stands.
   */
  private boolean changedSinceOpen() {
    OpenFile.Status after;
    try {
      after = file.status();
    } catch (IOException e) {
      return false;
    }
    return after.size() != before.size() || after.size() != fileBytes || after.mtimeNanos() != before.mtimeNanos();
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
      if (file != null) {
        file.close();
        file = null;
      }
    }
  }

  @Override
  public void close() {
    while (channel != null || file != null) {
      closeFile();
    }
  }
}
