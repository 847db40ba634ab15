package dev.cairn.hasher;

import static dev.cairn.hasher.HasherFixtures.SMALL;
import static dev.cairn.hasher.HasherFixtures.cutLengths;
import static dev.cairn.hasher.HasherFixtures.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.common.ContentHash;
import dev.cairn.common.FastCdc;
import dev.cairn.hasher.ChunkingReader.Chunk;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("The chunking reader")
class ChunkingReaderTest {
  private static final ContentHash BLAKE3 = ContentHash.blake3();

  @TempDir Path dir;

  /** What one full read of a file gave. */
  private record Read(List<Chunk> chunks, int pieces, long bytesRead) {}

  static Stream<Arguments> files() {
    int piece = ChunkingReader.READ_SIZE;
    return Stream.of(
        Arguments.of(Named.of("an empty file", 0)),
        Arguments.of(Named.of("a one-byte file", 1)),
        Arguments.of(Named.of("a file exactly one maximum chunk long", SMALL.maxSize())),
        Arguments.of(Named.of("a file about three pieces long", 2 * piece + piece / 2 + 12_345)));
  }

  private Read readAll(Path file) throws IOException {
    List<Chunk> chunks = new ArrayList<>();
    int pieces = 0;
    try (ChunkingReader reader = new ChunkingReader(file, new FastCdc(SMALL), BLAKE3)) {
      for (List<Chunk> piece = reader.next(); !piece.isEmpty(); piece = reader.next()) {
        chunks.addAll(piece);
        pieces++;
      }
      assertThat(reader.next()).as("a second call after the end").isEmpty();
      return new Read(chunks, pieces, reader.bytesRead());
    }
  }

  private static byte[] bytesOf(Chunk chunk) {
    byte[] out = new byte[chunk.data().remaining()];
    chunk.data().duplicate().get(out);
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  @DisplayName("hands out chunks that put together are exactly the file, each named by its BLAKE3")
  void chunksRebuildTheFile(int size) throws IOException {
    byte[] content = randomBytes(size, size);
    Path file = Files.write(dir.resolve("data"), content);

    Read read = readAll(file);

    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (Chunk chunk : read.chunks()) {
      byte[] bytes = bytesOf(chunk);
      assertThat(chunk.id()).isEqualTo(BLAKE3.hash(bytes));
      joined.writeBytes(bytes);
    }
    assertThat(joined.toByteArray()).isEqualTo(content);
    assertThat(read.bytesRead()).isEqualTo(size);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  @DisplayName("cuts where FastCDC cuts the whole file held in one array")
  void cutsLikeOneArray(int size) throws IOException {
    byte[] content = randomBytes(size, size);
    Path file = Files.write(dir.resolve("data"), content);

    Read read = readAll(file);

    List<Integer> lengths = read.chunks().stream().map(c -> c.data().remaining()).toList();
    assertThat(lengths).isEqualTo(cutLengths(content, SMALL));
    assertThat(lengths).allSatisfy(n -> assertThat(n).isBetween(1, SMALL.maxSize()));
  }

  @Test
  @DisplayName("reads a long file in several pieces rather than all at once")
  void readsInPieces() throws IOException {
    int size = 2 * ChunkingReader.READ_SIZE + ChunkingReader.READ_SIZE / 2;
    Path file = Files.write(dir.resolve("long"), randomBytes(3, size));

    assertThat(readAll(file).pieces()).isEqualTo(3);
  }

  @Test
  @DisplayName("refuses to read through a symbolic link")
  void refusesSymlinks() throws IOException {
    Path target = Files.write(dir.resolve("target"), randomBytes(5, 100));
    Path link = Files.createSymbolicLink(dir.resolve("link"), target);

    assertThatThrownBy(() -> new ChunkingReader(link, new FastCdc(SMALL), BLAKE3).close())
        .isInstanceOf(IOException.class);
  }
}
