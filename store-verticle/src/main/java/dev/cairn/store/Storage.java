package dev.cairn.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Storage is where a repository's files live, named by slash-separated relative names such as
 * {@code packs/3f/3f9a...}.
 *
 * <p>It is deliberately small so that tests can wrap it to inject faults. Files are immutable once
 * committed: a new file is written under a temporary name and becomes visible, whole and durable,
 * only when {@link NewFile#commit} returns.
 */
public interface Storage {
  /** Starts writing a new file; nothing is visible under any name until it is committed. */
  NewFile create() throws IOException;

  /** Reads a whole file. */
  byte[] read(String name) throws IOException;

  /** Reads {@code dst.remaining()} bytes of {@code name} from {@code offset}. */
  void read(String name, long offset, ByteBuffer dst) throws IOException;

  /** Opens a file for many reads at arbitrary offsets, from any thread. */
  ReadableFile open(String name) throws IOException;

  /** Returns the size of a file. */
  long size(String name) throws IOException;

  /** Reports whether a file exists. */
  boolean exists(String name);

  /** Lists the names of files under a folder, recursively, sorted; empty if it does not exist. */
  List<String> list(String folder) throws IOException;

  /**
   * Deletes a file, durably: when this returns, the file is gone and stays gone after a crash.
   * Deleting a file that does not exist does nothing.
   */
  void delete(String name) throws IOException;

  /** A file open for reading; positional reads may run on several threads at once. */
  interface ReadableFile extends AutoCloseable {
    /** Reads {@code dst.remaining()} bytes from {@code offset}. */
    void read(long offset, ByteBuffer dst) throws IOException;

    @Override
    void close() throws IOException;
  }

  /** A file being written. */
  interface NewFile extends AutoCloseable {
    /** Appends all of {@code src}. */
    void write(ByteBuffer src) throws IOException;

    /** Reads back {@code dst.remaining()} bytes written so far, from {@code offset}. */
    void read(long offset, ByteBuffer dst) throws IOException;

    /** The bytes written so far. */
    long size();

    /** Forces the content to disk, renames it to {@code name}, and forces the folder. */
    void commit(String name) throws IOException;

    /** Drops the file if it was not committed. */
    @Override
    void close() throws IOException;
  }
}
