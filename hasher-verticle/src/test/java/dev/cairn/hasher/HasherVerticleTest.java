package dev.cairn.hasher;

import static dev.cairn.hasher.HasherFixtures.SMALL;
import static dev.cairn.hasher.HasherFixtures.chunkIds;
import static dev.cairn.hasher.HasherFixtures.fileEntry;
import static dev.cairn.hasher.HasherFixtures.randomBytes;
import static dev.cairn.hasher.HasherFixtures.repeated;
import static dev.cairn.hasher.HasherFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.Addresses;
import dev.cairn.common.ChunkId;
import dev.cairn.common.RawPaths;
import dev.cairn.common.message.HasherMessages.FileResult;
import dev.cairn.common.message.HasherMessages.FileTask;
import dev.cairn.common.message.HasherMessages.HashFiles;
import dev.cairn.common.message.HasherMessages.Hashed;
import dev.cairn.common.message.HasherMessages.RestoreFiles;
import dev.cairn.common.message.HasherMessages.Restored;
import dev.cairn.common.tree.Node;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The hasher verticle")
@ExtendWith(VertxExtension.class)
class HasherVerticleTest {
  private static final long MTIME = 1_600_000_000_123_456_789L;
  private static final DeliveryOptions PATIENT = new DeliveryOptions().setSendTimeout(60_000);

  @TempDir Path dir;
  private InMemoryStore store;

  @BeforeEach
  void deploy(Vertx vertx, VertxTestContext ctx) {
    InMemoryStore.deploy(vertx)
        .compose(s -> {
          store = s;
          return vertx.deployVerticle(HasherVerticle::new,
              new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER).setInstances(2));
        })
        .onComplete(ctx.succeedingThenComplete());
  }

  private static Future<List<FileResult>> hash(Vertx vertx, FileTask... files) {
    return vertx.eventBus().<Hashed>request(Addresses.HASHER_FILES, new HashFiles("job-1", SMALL, List.of(files)), PATIENT)
        .map(m -> m.body().results());
  }

  private static Future<Restored> restore(Vertx vertx, FileTask... files) {
    return vertx.eventBus().<Restored>request(Addresses.HASHER_RESTORE, new RestoreFiles("job-2", List.of(files)), PATIENT)
        .map(Message::body);
  }

  private FileTask fileTask(String name, byte[] content) throws IOException {
    return task(Files.write(dir.resolve(name), content), fileEntry(name, 0640, MTIME));
  }

  /** The entry that restores {@code content} at {@code target}, its chunks already in the store. */
  private FileTask stored(Path target, byte[] content, int mode) {
    List<ChunkId> ids = store.addChunked(content, SMALL);
    Node entry = fileEntry(target.getFileName().toString(), mode, MTIME).withContent(content.length, ids);
    return new FileTask(RawPaths.bytes(target), entry);
  }

  @Test
  @DisplayName("answers a batch with one result per file, in order, each with its metadata, size and chunks")
  void hashesABatch(Vertx vertx, VertxTestContext ctx) throws IOException {
    byte[] note = "a short note\n".getBytes();
    byte[] big = randomBytes(7, HasherVerticle.READ_SIZE + HasherVerticle.READ_SIZE / 2);
    FileTask missing = task(dir.resolve("gone"), fileEntry("gone", 0600, MTIME));
    FileTask[] batch = {fileTask("empty", new byte[0]), fileTask("note.txt", note), fileTask("big.bin", big), missing};

    hash(vertx, batch).onComplete(ctx.succeeding(results -> ctx.verify(() -> {
      assertThat(results).hasSize(4);
      for (int i = 0; i < 3; i++) {
        Node asked = batch[i].node();
        Node got = results.get(i).node();
        assertThat(results.get(i).error()).isNull();
        assertThat(got.name()).isEqualTo(asked.name());
        assertThat(got.kind()).isEqualTo(Node.Kind.FILE);
        assertThat(got.mode()).isEqualTo(0640);
        assertThat(got.mtimeNanos()).isEqualTo(MTIME);
        assertThat(got.ctimeNanos()).isEqualTo(asked.ctimeNanos());
        assertThat(got.inode()).isEqualTo(asked.inode());
      }
      assertThat(results.get(0).node().size()).isZero();
      assertThat(results.get(0).node().chunks()).isEmpty();
      assertThat(results.get(1).node().size()).isEqualTo(note.length);
      assertThat(results.get(1).node().chunks()).isEqualTo(chunkIds(note, SMALL));
      FileResult bigResult = results.get(2);
      assertThat(bigResult.node().size()).isEqualTo(big.length);
      assertThat(bigResult.node().chunks()).isEqualTo(chunkIds(big, SMALL));
      assertThat(bigResult.newBytes()).isEqualTo(big.length);
      assertThat(store.content(bigResult.node().chunks())).isEqualTo(big);

      assertThat(results.get(3).node()).isNull();
      assertThat(results.get(3).error()).contains("vanished");
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("reports a file whose read fails, and still hashes the rest of the batch")
  void unreadableFile(Vertx vertx, VertxTestContext ctx) throws IOException {
    // Reading a process's memory at offset 0 fails with EIO, whoever runs the test.
    FileTask failing = task(Path.of("/proc/self/mem"), fileEntry("mem", 0600, MTIME));
    FileTask open = fileTask("open", "public".getBytes());

    hash(vertx, failing, open).onComplete(ctx.succeeding(results -> ctx.verify(() -> {
      assertThat(results.get(0).node()).isNull();
      assertThat(results.get(0).error()).isEqualTo("Input/output error");
      assertThat(results.get(1).error()).isNull();
      assertThat(results.get(1).node().chunks()).isEqualTo(chunkIds("public".getBytes(), SMALL));
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("sends nothing to store when the same file is hashed a second time")
  void secondBackupStoresNothing(Vertx vertx, VertxTestContext ctx) throws IOException {
    FileTask file = fileTask("same.bin", randomBytes(21, 3 << 20));
    int[] sentAfterFirst = new int[1];

    hash(vertx, file)
        .compose(first -> {
          sentAfterFirst[0] = store.blobsSent();
          return hash(vertx, file).map(second -> List.of(first.get(0), second.get(0)));
        })
        .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
          assertThat(both.get(0).newBytes()).isEqualTo(3 << 20);
          assertThat(sentAfterFirst[0]).isEqualTo(both.get(0).node().chunks().size());
          assertThat(store.blobsSent()).isEqualTo(sentAfterFirst[0]);
          assertThat(both.get(1).newBytes()).isZero();
          assertThat(both.get(1).newBlobs()).isZero();
          assertThat(both.get(1).node().chunks()).isEqualTo(both.get(0).node().chunks());
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("stores a chunk that repeats throughout a file only once")
  void repeatedChunksStoredOnce(Vertx vertx, VertxTestContext ctx) throws IOException {
    byte[] content = repeated(randomBytes(64, 64 << 10), 160);
    FileTask file = fileTask("repetitive.img", content);

    hash(vertx, file).onComplete(ctx.succeeding(results -> ctx.verify(() -> {
      List<ChunkId> chunks = results.get(0).node().chunks();
      Set<ChunkId> distinct = new HashSet<>(chunks);
      assertThat(chunks).isEqualTo(chunkIds(content, SMALL));
      assertThat(distinct.size()).isLessThan(chunks.size() / 10);
      assertThat(store.blobsSent()).isEqualTo(distinct.size());
      assertThat(store.size()).isEqualTo(distinct.size());
      assertThat(results.get(0).newBlobs()).isEqualTo(distinct.size());
      assertThat(results.get(0).newBytes()).isEqualTo(distinct.stream().mapToLong(id -> store.get(id).length).sum());
      assertThat(store.content(chunks)).isEqualTo(content);
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("restores files byte for byte from their chunks, with their mode and modification time")
  void restoresFiles(Vertx vertx, VertxTestContext ctx) {
    byte[] big = randomBytes(5, 700_000);
    byte[] small = "hello again\n".getBytes();
    Path bigPath = dir.resolve("big.bin");
    Path smallPath = dir.resolve("small.txt");
    Path emptyPath = dir.resolve("empty");

    restore(vertx, stored(bigPath, big, 0604), stored(smallPath, small, 0751), stored(emptyPath, new byte[0], 0600))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply.errors()).isEmpty();
          assertThat(reply.files()).isEqualTo(3);
          assertThat(reply.bytes()).isEqualTo(big.length + small.length);
          assertThat(bigPath).hasBinaryContent(big);
          assertThat(smallPath).hasBinaryContent(small);
          assertThat(emptyPath).isEmptyFile();
          assertThat(modeOf(bigPath)).isEqualTo(0604);
          assertThat(modeOf(smallPath)).isEqualTo(0751);
          assertThat(Files.getLastModifiedTime(bigPath).to(TimeUnit.NANOSECONDS)).isEqualTo(MTIME);
          assertThat(Files.getLastModifiedTime(emptyPath).to(TimeUnit.NANOSECONDS)).isEqualTo(MTIME);
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("replaces a symbolic link planted where a file is restored instead of writing through it")
  void replacesPlantedLink(Vertx vertx, VertxTestContext ctx) throws IOException {
    Path victim = Files.write(dir.resolve("victim"), "keep me".getBytes());
    Path target = Files.createSymbolicLink(dir.resolve("restored"), victim);
    byte[] content = "restored content".getBytes();

    restore(vertx, stored(target, content, 0644)).onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
      assertThat(reply.errors()).isEmpty();
      assertThat(Files.isSymbolicLink(target)).isFalse();
      assertThat(target).hasBinaryContent(content);
      assertThat(victim).hasContent("keep me");
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("names the file whose chunk arrives damaged and still restores the rest of the batch")
  void damagedChunk(Vertx vertx, VertxTestContext ctx) {
    byte[] first = randomBytes(1, 50_000);
    byte[] second = randomBytes(2, 50_000);
    byte[] third = randomBytes(3, 50_000);
    Path firstPath = dir.resolve("first");
    Path secondPath = dir.resolve("second");
    Path thirdPath = dir.resolve("third");
    FileTask broken = stored(secondPath, second, 0644);
    store.damage(broken.node().chunks().get(1));

    restore(vertx, stored(firstPath, first, 0644), broken, stored(thirdPath, third, 0644))
        .onComplete(ctx.succeeding(reply -> ctx.verify(() -> {
          assertThat(reply.errors()).singleElement().asString()
              .contains(secondPath.toString())
              .contains("damaged");
          assertThat(reply.files()).isEqualTo(2);
          assertThat(reply.bytes()).isEqualTo(first.length + third.length);
          assertThat(firstPath).hasBinaryContent(first);
          assertThat(thirdPath).hasBinaryContent(third);
          ctx.completeNow();
        })));
  }

  private static int modeOf(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }
}
