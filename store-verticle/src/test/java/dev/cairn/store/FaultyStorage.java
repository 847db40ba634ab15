package dev.cairn.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * FaultyStorage is a repository directory whose writes fail once at a chosen step, as a failing or
 * full disk would: creating a file, writing to it (an error, a short write, a full disk), forcing
 * it, closing it, renaming it, or forcing its directory.
 */
final class FaultyStorage implements Storage {
  /** Where a write goes through, in order. */
  enum Step { CREATE, WRITE, FORCE, CLOSE, RENAME, FORCE_DIRECTORY }

  /** One way to fail, and the step it fails at. */
  enum Fault {
    CREATE(Step.CREATE),
    WRITE_ERROR(Step.WRITE),
    SHORT_WRITE(Step.WRITE),
    DISK_FULL(Step.WRITE),
    FORCE(Step.FORCE),
    CLOSE(Step.CLOSE),
    RENAME(Step.RENAME),
    FORCE_DIRECTORY(Step.FORCE_DIRECTORY);

    final Step step;

    Fault(Step step) {
      this.step = step;
    }
  }

  static final String IO_ERROR = "Input/output error";
  static final String NO_SPACE = "No space left on device";

  private final LocalStorage local;
  private final Map<Step, Integer> reached = new EnumMap<>(Step.class);
  private Fault armed;
  private int occurrence;
  private boolean fired;

  FaultyStorage(Path root) {
    this.local = new LocalStorage(root, step -> reach(Step.valueOf(step.name())));
  }

  /** Fails the {@code occurrence}-th time (counting from 0) that {@code fault}'s step is reached from now on. */
  void failAt(Fault fault, int occurrence) {
    this.armed = fault;
    this.occurrence = occurrence;
    this.fired = false;
    reached.clear();
  }

  /** Counts steps from now on and fails none. */
  void countOnly() {
    armed = null;
    reached.clear();
  }

  /** How many times {@code step} was reached since the last {@link #failAt} or {@link #countOnly}. */
  int reached(Step step) {
    return reached.getOrDefault(step, 0);
  }

  /** Whether the armed fault has happened. */
  boolean fired() {
    return fired;
  }

  /** Counts a step and says whether it is the one to fail. */
  private boolean fails(Step step) {
    int seen = reached.merge(step, 1, Integer::sum) - 1;
    if (armed != null && !fired && armed.step == step && seen == occurrence) {
      fired = true;
      return true;
    }
    return false;
  }

  private void reach(Step step) throws IOException {
    if (fails(step)) {
      throw new IOException(IO_ERROR);
    }
  }

  @Override
  public NewFile create() throws IOException {
    reach(Step.CREATE);
    NewFile file = local.create();
    return new NewFile() {
      @Override
      public void write(ByteBuffer src) throws IOException {
        if (!fails(Step.WRITE)) {
          file.write(src);
          return;
        }
        if (armed != Fault.WRITE_ERROR) {
          ByteBuffer half = src.duplicate();
          half.limit(half.position() + half.remaining() / 2);
          file.write(half);
        }
        throw new IOException(armed == Fault.DISK_FULL ? NO_SPACE : IO_ERROR);
      }

      @Override
      public void read(long offset, ByteBuffer dst) throws IOException {
        file.read(offset, dst);
      }

      @Override
      public long size() {
        return file.size();
      }

      @Override
      public void commit(String name) throws IOException {
        file.commit(name);
      }

      @Override
      public void close() throws IOException {
        file.close();
      }
    };
  }

  @Override
  public byte[] read(String name) throws IOException {
    return local.read(name);
  }

  @Override
  public void read(String name, long offset, ByteBuffer dst) throws IOException {
    local.read(name, offset, dst);
  }

  @Override
  public ReadableFile open(String name) throws IOException {
    return local.open(name);
  }

  @Override
  public long size(String name) throws IOException {
    return local.size(name);
  }

  @Override
  public boolean exists(String name) {
    return local.exists(name);
  }

  @Override
  public List<String> list(String folder) throws IOException {
    return local.list(folder);
  }

  @Override
  public void delete(String name) throws IOException {
    local.delete(name);
  }
}
