package dev.cairn.scanner;

import static dev.cairn.scanner.ScannerFixtures.ALPHA;
import static dev.cairn.scanner.ScannerFixtures.BAD_NAME;
import static dev.cairn.scanner.ScannerFixtures.BRAVO;
import static dev.cairn.scanner.ScannerFixtures.CHARLIE;
import static dev.cairn.scanner.ScannerFixtures.LINK_TARGET;
import static dev.cairn.scanner.ScannerFixtures.ODD;
import static dev.cairn.scanner.ScannerFixtures.ask;
import static dev.cairn.scanner.ScannerFixtures.deployScanner;
import static dev.cairn.scanner.ScannerFixtures.sourceTree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.Addresses;
import dev.cairn.common.Failures;
import dev.cairn.common.RawPaths;
import dev.cairn.common.message.ScannerMessages.Backup;
import dev.cairn.common.message.ScannerMessages.Restore;
import dev.cairn.common.message.ScannerMessages.RestoreSummary;
import dev.cairn.common.message.Snapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A restore through the scanner")
@ExtendWith(VertxExtension.class)
class ScannerRestoreTest {
  @TempDir Path base;
  @TempDir Path target;
  private Path src;

  @BeforeEach
  void setUp(Vertx vertx, VertxTestContext ctx) throws Exception {
    src = sourceTree(base);
    Files.setAttribute(src.resolve("docs"), "unix:mode", 0750);
    deployScanner(vertx).onComplete(ctx.succeedingThenComplete());
  }

  private Future<Snapshot> backup(Vertx vertx) {
    return ask(vertx, Addresses.SCANNER_BACKUP, new Backup("job-backup", List.of(src.toString()), "test-host"));
  }

  private Future<RestoreSummary> restore(Vertx vertx, Snapshot snapshot, Path into, String include) {
    return ask(vertx, Addresses.SCANNER_RESTORE, new Restore("job-restore", snapshot.id().hex(), into.toString(), include));
  }

  /** Where {@code original} lands under the restore target. */
  private Path restored(Path original) {
    return target.resolve(original.getRoot().relativize(original));
  }

  private static int modeOf(Path path) throws Exception {
    return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  @Test
  @DisplayName("rebuilds files, directories and links under the target at their absolute paths")
  void restoresEverything(Vertx vertx, VertxTestContext ctx) {
    backup(vertx).compose(snapshot -> restore(vertx, snapshot, target, null))
        .onComplete(ctx.succeeding(summary -> ctx.verify(() -> {
          assertThat(summary.errors()).isEmpty();
          assertThat(summary.files()).isEqualTo(4);
          assertThat(summary.bytes()).isEqualTo(ALPHA.length + ODD.length + BRAVO.length + CHARLIE.length);
          assertThat(summary.directories()).isEqualTo(4 + src.getNameCount() - 1);

          Path copy = restored(src);
          assertThat(copy.resolve("a.txt")).hasBinaryContent(ALPHA);
          assertThat(RawPaths.resolve(copy, BAD_NAME)).hasBinaryContent(ODD);
          assertThat(copy.resolve("docs/b.txt")).hasBinaryContent(BRAVO);
          assertThat(copy.resolve("docs/deep/c.bin")).hasBinaryContent(CHARLIE);
          assertThat(copy.resolve("empty")).isEmptyDirectory();
          assertThat(Files.readSymbolicLink(copy.resolve("link"))).isEqualTo(Path.of(LINK_TARGET));
          assertThat((Integer) Files.getAttribute(copy.resolve("fifo"), "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000)
              .as("a FIFO").isEqualTo(0010000);
          assertThat(copy.resolve("socket")).doesNotExist();
          assertThat(modeOf(copy.resolve("docs"))).isEqualTo(0750);
          assertThat(Files.getLastModifiedTime(copy.resolve("docs/deep")))
              .isEqualTo(Files.getLastModifiedTime(src.resolve("docs/deep")));
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("restores only the part of the snapshot asked for")
  void restoresOnePath(Vertx vertx, VertxTestContext ctx) {
    backup(vertx).compose(snapshot -> restore(vertx, snapshot, target, src.resolve("docs").toString()))
        .onComplete(ctx.succeeding(summary -> ctx.verify(() -> {
          assertThat(summary.errors()).isEmpty();
          assertThat(summary.files()).isEqualTo(2);
          assertThat(restored(src.resolve("docs/b.txt"))).hasBinaryContent(BRAVO);
          assertThat(restored(src.resolve("docs/deep/c.bin"))).hasBinaryContent(CHARLIE);
          assertThat(restored(src.resolve("a.txt"))).doesNotExist();
          assertThat(restored(src.resolve("empty"))).doesNotExist();
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("refuses a target that is a file, naming it")
  void refusesFileTarget(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path file = Files.write(target.resolve("not-a-dir"), ALPHA);

    backup(vertx).compose(snapshot -> restore(vertx, snapshot, file, null))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(e).isInstanceOf(ReplyException.class).hasMessageContaining(file.toString());
          assertThat(((ReplyException) e).failureCode()).isEqualTo(Failures.BAD_INPUT);
          assertThat(file).hasBinaryContent(ALPHA);
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("refuses a path the snapshot does not hold, with not found")
  void refusesUnknownPath(Vertx vertx, VertxTestContext ctx) {
    backup(vertx).compose(snapshot -> restore(vertx, snapshot, target, src.resolve("nothing").toString()))
        .onComplete(ctx.failing(e -> ctx.verify(() -> {
          assertThat(e).hasMessageContaining(src.resolve("nothing").toString());
          assertThat(((ReplyException) e).failureCode()).isEqualTo(Failures.NOT_FOUND);
          ctx.completeNow();
        })));
  }
}
