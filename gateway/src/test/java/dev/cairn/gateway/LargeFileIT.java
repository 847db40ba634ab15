package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file over 4 GiB backs up and restores exactly: offsets and sizes are longs everywhere. The file
 * is sparse, so it costs little disk, but every one of its bytes is read, chunked and hashed, which
 * takes long enough to run with the integration tests.
 */
@DisplayName("A file over 4 GiB")
class LargeFileIT {
  private static final long LENGTH = (4L << 30) + (3 << 20) + 17;
  /** Where content lies: at the start, across 2 GiB, across 4 GiB, and at the very end. */
  private static final long[] OFFSETS = {0, (2L << 30) - 1000, (4L << 30) - 4096, LENGTH - 100};
  private static final int[] SIZES = {1 << 20, 64 << 10, 1 << 20, 100};

  @TempDir Path work;

  @Test
  @DisplayName("backs up and restores byte for byte, with its content past 4 GiB at the right offsets")
  void overFourGiB() throws Exception {
    Path source = Files.createDirectories(work.resolve("src"));
    Path huge = source.resolve("huge.img");
    try (FileChannel file = FileChannel.open(huge, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      for (int i = 0; i < OFFSETS.length; i++) {
        file.write(ByteBuffer.wrap(HostileBackupTest.random(SIZES[i], i)), OFFSETS[i]);
      }
    }
    assertThat(Files.size(huge)).isEqualTo(LENGTH);
    assumeTrue(HostileBackupTest.allocated(huge) < (64 << 20), "the filesystem keeps no holes: 4 GiB of disk");
    Path repo = work.resolve("repo");
    Path target = work.resolve("r");

    Cli.Result backup = Rounds.backup(repo, source);
    Cli.Result restore = Rounds.restore(repo, target);

    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    assertThat(Rounds.latest(repo).getJsonObject("totals").getLong("bytes")).isEqualTo(LENGTH);
    assertThat(restore.exitCode()).as(restore.toString()).isZero();
    Path restored = Rounds.restoredAt(target, huge);
    assertThat(Files.size(restored)).isEqualTo(LENGTH);
    try (FileChannel file = FileChannel.open(restored)) {
      for (int i = 0; i < OFFSETS.length; i++) {
        ByteBuffer at = ByteBuffer.allocate(SIZES[i]);
        file.read(at, OFFSETS[i]);
        assertThat(at.array()).as("content at offset %d", OFFSETS[i]).isEqualTo(HostileBackupTest.random(SIZES[i], i));
      }
    }
    assertThat(firstDifference(huge, restored)).as("the first byte that differs").isEqualTo(-1);
    assertThat(HostileBackupTest.allocated(restored)).as("restored sparse").isLessThan(64 << 20);
  }

  /** The offset of the first byte where {@code a} and {@code b} differ, or -1; read in streaming fashion. */
  private static long firstDifference(Path a, Path b) throws IOException {
    ByteBuffer left = ByteBuffer.allocate(8 << 20);
    ByteBuffer right = ByteBuffer.allocate(8 << 20);
    try (FileChannel x = FileChannel.open(a); FileChannel y = FileChannel.open(b)) {
      long offset = 0;
      while (true) {
        left.clear();
        right.clear();
        int n = fill(x, left);
        int m = fill(y, right);
        int at = left.flip().mismatch(right.flip());
        if (at >= 0) {
          return offset + at;
        }
        if (n <= 0 && m <= 0) {
          return -1;
        }
        offset += n;
      }
    }
  }

  private static int fill(FileChannel channel, ByteBuffer buffer) throws IOException {
    int total = 0;
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer);
      if (n < 0) {
        return total == 0 ? -1 : total;
      }
      total += n;
    }
    return total;
  }
}
