package dev.cairn.hasher;

import static dev.cairn.hasher.HasherFixtures.SMALL;
import static dev.cairn.hasher.HasherFixtures.cutLengths;
import static dev.cairn.hasher.HasherFixtures.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.FastCdc;
import dev.cairn.hasher.BatchReader.Cut;
import dev.cairn.hasher.BatchReader.Fill;
import dev.cairn.hasher.BatchReader.Finished;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("The batch reader")
class BatchReaderTest {
  /** An arena of a few maximum chunks, so that files span several fills. */
  private static final int ARENA = 4 * SMALL.maxSize();

  @TempDir Path dir;

  /** Everything a batch read gave: each file's chunks (as bytes), how it finished, and the number of fills. */
  private record Read(List<List<byte[]>> chunks, List<Finished> finished, int fills) {}

  private static Read readAll(List<Path> files) {
    return readAll(files, java.util.Collections.nCopies(files.size(), null));
  }

  private static Read readAll(List<Path> files, List<BatchReader.Identity> identities) {
    List<List<byte[]>> chunks = new ArrayList<>();
    files.forEach(f -> chunks.add(new ArrayList<>()));
    Finished[] finished = new Finished[files.size()];
    int fills = 0;
    try (BatchReader reader = new BatchReader(files, identities, new FastCdc(SMALL), new byte[ARENA])) {
      while (!reader.done()) {
        Fill fill = reader.next();
        fills++;
        for (Cut c : fill.cuts()) {
          chunks.get(c.file()).add(Arrays.copyOfRange(reader.arena(), c.offset(), c.offset() + c.length()));
        }
        fill.finished().forEach(f -> finished[f.file()] = f);
      }
    }
    return new Read(chunks, Arrays.asList(finished), fills);
  }

  private static byte[] joined(List<byte[]> chunks) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    chunks.forEach(out::writeBytes);
    return out.toByteArray();
  }

  static Stream<Arguments> sizes() {
    return Stream.of(
        Arguments.of(Named.of("an empty file", 0)),
        Arguments.of(Named.of("a one-byte file", 1)),
        Arguments.of(Named.of("a file exactly one maximum chunk long", SMALL.maxSize())),
        Arguments.of(Named.of("a file spanning several fills", 3 * ARENA + 12_345)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sizes")
  @DisplayName("hands out chunks that put together are exactly the file, cut where FastCDC cuts it whole")
  void chunksRebuildTheFile(int size) throws IOException {
    byte[] content = randomBytes(size, size);
    Path file = Files.write(dir.resolve("data"), content);

    Read read = readAll(List.of(file));

    assertThat(joined(read.chunks().get(0))).isEqualTo(content);
    assertThat(read.chunks().get(0).stream().map(c -> c.length).toList()).isEqualTo(cutLengths(content, SMALL));
    assertThat(read.finished().get(0)).isEqualTo(new Finished(0, size, null, false));
  }

  @Test
  @DisplayName("packs many small files into one fill and keeps each file's chunks apart")
  void smallFilesShareAFill() throws IOException {
    List<Path> files = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      byte[] content = randomBytes(100 + i, 500 + i * 37);
      contents.add(content);
      files.add(Files.write(dir.resolve("f" + i), content));
    }

    Read read = readAll(files);

    assertThat(read.fills()).isEqualTo(1);
    for (int i = 0; i < files.size(); i++) {
      assertThat(joined(read.chunks().get(i))).isEqualTo(contents.get(i));
      assertThat(read.finished().get(i).error()).isNull();
    }
  }

  @Test
  @DisplayName("reports a missing file and a link, and still reads the files around them")
  void reportsUnreadableFiles() throws IOException {
    byte[] before = randomBytes(1, 70_000);
    byte[] after = randomBytes(2, 90_000);
    Path target = Files.write(dir.resolve("target"), randomBytes(3, 100));
    List<Path> files = List.of(Files.write(dir.resolve("before"), before), dir.resolve("missing"),
        Files.createSymbolicLink(dir.resolve("link"), target), Files.write(dir.resolve("after"), after));

    Read read = readAll(files);

    assertThat(joined(read.chunks().get(0))).isEqualTo(before);
    assertThat(read.finished().get(1).error()).isEqualTo("vanished before it could be read");
    assertThat(read.finished().get(2).error()).as("links are never followed").isNotNull();
    assertThat(read.chunks().get(1)).isEmpty();
    assertThat(read.chunks().get(2)).isEmpty();
    assertThat(joined(read.chunks().get(3))).isEqualTo(after);
  }

  @Test
  @DisplayName("reads nothing of a file that is not the one the scan saw, and reads the rest")
  void refusesAnotherFileUnderTheScannedName() throws IOException {
    byte[] mine = randomBytes(4, 5_000);
    Path seen = Files.write(dir.resolve("seen"), mine);
    Path other = Files.write(dir.resolve("other"), randomBytes(5, 5_000));
    BatchReader.Identity seenIdentity = identity(seen);

    // The second task names the scanned file's identity, but its path leads to another file.
    Read read = readAll(List.of(seen, other), List.of(seenIdentity, seenIdentity));

    assertThat(joined(read.chunks().get(0))).isEqualTo(mine);
    assertThat(read.finished().get(0).error()).isNull();
    assertThat(read.chunks().get(1)).isEmpty();
    assertThat(read.finished().get(1).error()).isEqualTo(BatchReader.NOT_THE_SCANNED_FILE);
  }

  @Test
  @DisplayName("refuses a FIFO put where a file was, without waiting for a writer")
  void refusesAFifoWithoutBlocking() throws Exception {
    Path fifo = dir.resolve("pipe");
    assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();

    Read read = readAll(List.of(fifo));

    assertThat(read.finished().get(0).error()).isEqualTo(BatchReader.NOT_THE_SCANNED_FILE);
  }

  private static BatchReader.Identity identity(Path file) throws IOException {
    return new BatchReader.Identity((Long) Files.getAttribute(file, "unix:dev"), (Long) Files.getAttribute(file, "unix:ino"));
  }
}
