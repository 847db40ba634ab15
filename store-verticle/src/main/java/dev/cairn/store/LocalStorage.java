package dev.cairn.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/** LocalStorage keeps a repository in a directory of the local filesystem. */
public final class LocalStorage implements Storage {
  private static final String TMP = "tmp";

  private final Path root;
  private final CommitSteps steps;

  /** Storage rooted at {@code root}, which must exist. */
  public LocalStorage(Path root) {
    this(root, step -> { });
  }

  /** Storage whose commits announce each step to {@code steps} first, so tests can fail any of them. */
  LocalStorage(Path root, CommitSteps steps) {
    this.root = root;
    this.steps = steps;
  }

  /** The steps of {@link NewFile#commit}, in order. */
  enum CommitStep { FORCE, CLOSE, RENAME, FORCE_DIRECTORY }

  /** Hears of each commit step before it runs; throwing fails the commit there. */
  interface CommitSteps {
    void before(CommitStep step) throws IOException;
  }

  /** The directory this storage lives in. */
  public Path root() {
    return root;
  }

  @Override
  public NewFile create() throws IOException {
    Path tmpDir = root.resolve(TMP);
    if (!Files.isDirectory(tmpDir)) {
      try {
        OwnerOnly.createDirectory(tmpDir);
      } catch (FileAlreadyExistsException e) {
        // made a moment ago by another writer of this repository
      }
    }
    Path tmp = tmpDir.resolve(UUID.randomUUID() + ".tmp");
    FileChannel channel = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        StandardOpenOption.READ), OwnerOnly.FILE);
    try {
      OwnerOnly.restrictFile(tmp);
    } catch (IOException e) {
      channel.close();
      Files.deleteIfExists(tmp);
      throw e;
    }
    return new LocalNewFile(tmp, channel);
  }

  @Override
  public byte[] read(String name) throws IOException {
    return Files.readAllBytes(resolve(name));
  }

  @Override
  public void read(String name, long offset, ByteBuffer dst) throws IOException {
    try (FileChannel channel = FileChannel.open(resolve(name), StandardOpenOption.READ)) {
      readFully(channel, offset, dst);
    }
  }

  @Override
  public ReadableFile open(String name) throws IOException {
    FileChannel channel = FileChannel.open(resolve(name), StandardOpenOption.READ);
    return new ReadableFile() {
      @Override
      public void read(long offset, ByteBuffer dst) throws IOException {
        readFully(channel, offset, dst);
      }

      @Override
      public void close() throws IOException {
        channel.close();
      }
    };
  }

  @Override
  public long size(String name) throws IOException {
    return Files.size(resolve(name));
  }

  @Override
  public boolean exists(String name) {
    return Files.isRegularFile(resolve(name));
  }

  @Override
  public List<String> list(String folder) throws IOException {
    Path dir = resolve(folder);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(Files::isRegularFile).forEach(p -> names.add(root.relativize(p).toString()));
    }
    names.sort(null);
    return names;
  }

  @Override
  public void delete(String name) throws IOException {
    Path file = resolve(name);
    if (Files.deleteIfExists(file)) {
      forceDirectory(file.getParent());
    }
  }

  private Path resolve(String name) {
    if (name.startsWith("/") || name.contains("..")) {
      throw new IllegalArgumentException("not a repository file name: " + name);
    }
    return root.resolve(name);
  }

  static void readFully(FileChannel channel, long offset, ByteBuffer dst) throws IOException {
    long pos = offset;
    while (dst.hasRemaining()) {
      int n = channel.read(dst, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file at offset " + pos);
      }
      pos += n;
    }
  }

  /**
   * Creates {@code dir} and its missing parents, forcing each parent after it gains an entry: a
   * new {@code packs/3f/} must survive a crash as surely as the pack renamed into it.
   */
  private void createDurably(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    createDurably(dir.getParent());
    OwnerOnly.createDirectory(dir);
    forceDirectory(dir.getParent());
  }

  /** Forces a directory's entries to disk, so a rename in it survives a crash. */
  static void forceDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private final class LocalNewFile implements NewFile {
    private final Path tmp;
    private final FileChannel channel;
    private long size;
    private boolean committed;

    LocalNewFile(Path tmp, FileChannel channel) {
      this.tmp = tmp;
      this.channel = channel;
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
      while (src.hasRemaining()) {
        size += channel.write(src);
      }
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
      readFully(channel, offset, dst);
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public void commit(String name) throws IOException {
      // A failed force is never retried: after an EIO the kernel may have dropped the dirty pages
      // and a second force would report success for data that is gone. The commit fails, the
      // temporary file is dropped on close, and the caller writes the whole file again.
      steps.before(CommitStep.FORCE);
      channel.force(true);
      steps.before(CommitStep.CLOSE);
      channel.close();
      Path target = resolve(name);
      createDurably(target.getParent());
      steps.before(CommitStep.RENAME);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      steps.before(CommitStep.FORCE_DIRECTORY);
      forceDirectory(target.getParent());
      committed = true;
    }

    @Override
    public void close() throws IOException {
      if (!committed) {
        channel.close();
        Files.deleteIfExists(tmp);
      }
    }
  }
}
