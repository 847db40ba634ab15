package dev.cairn.store;

import static dev.cairn.store.StoreFixtures.data;
import static dev.cairn.store.StoreFixtures.file;
import static dev.cairn.store.StoreFixtures.snapshot;
import static dev.cairn.store.StoreFixtures.tree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.Addresses;
import dev.cairn.common.ChunkerParams;
import dev.cairn.common.Failures;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.message.StoreMessages.Blob;
import dev.cairn.common.message.StoreMessages.Check;
import dev.cairn.common.message.StoreMessages.CheckReport;
import dev.cairn.common.message.StoreMessages.Commit;
import dev.cairn.common.message.StoreMessages.Describe;
import dev.cairn.common.message.StoreMessages.FindSnapshot;
import dev.cairn.common.message.StoreMessages.Get;
import dev.cairn.common.message.StoreMessages.Has;
import dev.cairn.common.message.StoreMessages.HasReply;
import dev.cairn.common.message.StoreMessages.Info;
import dev.cairn.common.message.StoreMessages.Put;
import dev.cairn.common.message.StoreMessages.PutReply;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The store verticle")
@ExtendWith(VertxExtension.class)
class StoreVerticleTest {
  @TempDir Path parent;

  private final Blob greeting = data("hello over the bus");

  private Path repo() {
    return parent.resolve("repo");
  }

  private static Future<String> deploy(Vertx vertx, Path dir, boolean create) {
    return vertx.deployVerticle(new StoreVerticle(dir, create, ChunkerParams.defaults()),
        new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER));
  }

  private static <T> Future<T> ask(Vertx vertx, String address, Object request) {
    return vertx.eventBus().<T>request(address, request).map(Message::body);
  }

  private static void assertRefused(Throwable failure, int code, String messagePart) {
    assertThat(failure).isInstanceOf(ReplyException.class).hasMessageContaining(messagePart);
    assertThat(((ReplyException) failure).failureCode()).isEqualTo(code);
  }

  @Test
  @DisplayName("describes the repository it created with the chunker it was given")
  void describesTheChunker(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, repo(), true)
        .compose(id -> ask(vertx, Addresses.STORE_DESCRIBE, new Describe()))
        .onComplete(ctx.succeeding((Object reply) -> ctx.verify(() -> {
          Info info = (Info) reply;
          assertThat(info.chunker()).isEqualTo(ChunkerParams.defaults());
          assertThat(info.hash()).isEqualTo("blake3-256");
          assertThat(repo().resolve("config")).isRegularFile();
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("holds a blob once it is put, and gives back its bytes")
  void hasPutHasGet(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, repo(), true)
        .compose(id -> ask(vertx, Addresses.STORE_HAS, new Has(List.of(greeting.id()))))
        .compose((Object before) -> {
          ctx.verify(() -> assertThat(((HasReply) before).known()).containsExactly(false));
          return ask(vertx, Addresses.STORE_PUT, new Put(StoreFixtures.plain(List.of(greeting))));
        })
        .compose((Object put) -> {
          ctx.verify(() -> assertThat(put).isEqualTo(new PutReply(1, greeting.length())));
          return ask(vertx, Addresses.STORE_HAS, new Has(List.of(greeting.id(), data("other").id())));
        })
        .compose((Object after) -> {
          ctx.verify(() -> assertThat(((HasReply) after).known()).containsExactly(true, false));
          return ask(vertx, Addresses.STORE_GET, new Get(BlobType.DATA, greeting.id()));
        })
        .onComplete(ctx.succeeding((Object got) -> ctx.verify(() -> {
          assertThat(((Blob) got).bytes()).asString().isEqualTo("hello over the bus");
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("keeps what it was sent across an undeploy and a new deployment")
  void survivesRedeployment(Vertx vertx, VertxTestContext ctx) {
    Blob root = tree(file("greeting.txt", greeting));
    Snapshot draft = snapshot(root, Instant.parse("2024-03-01T08:00:00Z"));
    deploy(vertx, repo(), true)
        .compose(id -> ask(vertx, Addresses.STORE_PUT, new Put(StoreFixtures.plain(List.of(greeting, root))))
            .compose(put -> ask(vertx, Addresses.STORE_COMMIT, new Commit(draft, "test")))
            .compose(committed -> vertx.undeploy(id).map(committed)))
        .compose(committed -> deploy(vertx, repo(), false)
            .compose(id -> ask(vertx, Addresses.STORE_SNAPSHOT, new FindSnapshot("latest")))
            .map(latest -> {
              ctx.verify(() -> assertThat(latest).isEqualTo(committed));
              return latest;
            }))
        .compose(latest -> ask(vertx, Addresses.STORE_CHECK, new Check(true)))
        .onComplete(ctx.succeeding((Object report) -> ctx.verify(() -> {
          assertThat(((CheckReport) report).problems()).isEmpty();
          assertThat(((CheckReport) report).snapshots()).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("fails a request for an unknown blob with 404")
  void unknownBlobIs404(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, repo(), true)
        .compose(id -> ask(vertx, Addresses.STORE_GET, new Get(BlobType.DATA, greeting.id())))
        .onComplete(ctx.failing(failure -> ctx.verify(() -> {
          assertRefused(failure, Failures.NOT_FOUND, greeting.id().shortHex() + " is not in the repository");
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("fails a request for an unknown snapshot with 404")
  void unknownSnapshotIs404(Vertx vertx, VertxTestContext ctx) {
    deploy(vertx, repo(), true)
        .compose(id -> ask(vertx, Addresses.STORE_SNAPSHOT, new FindSnapshot("latest")))
        .recover(noneYet -> {
          ctx.verify(() -> assertRefused(noneYet, Failures.NOT_FOUND, "no snapshots yet"));
          return ask(vertx, Addresses.STORE_SNAPSHOT, new FindSnapshot("c0ffee"));
        })
        .onComplete(ctx.failing(failure -> ctx.verify(() -> {
          assertRefused(failure, Failures.NOT_FOUND, "no snapshot matches 'c0ffee'");
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("fails a put from another node whose bytes do not match the id with 400")
  void mismatchedPutIs400(Vertx vertx, VertxTestContext ctx) {
    Blob forged = new Blob(BlobType.DATA, greeting.id(), ByteBuffer.wrap("something else".getBytes()), true);
    deploy(vertx, repo(), true)
        .compose(id -> ask(vertx, Addresses.STORE_PUT, new Put(StoreFixtures.plain(List.of(forged)))))
        .onComplete(ctx.failing(failure -> ctx.verify(() -> {
          assertRefused(failure, Failures.BAD_INPUT, "does not match its id");
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("does not deploy on a directory that is not a repository, and says why")
  void refusesForeignDirectory(Vertx vertx, VertxTestContext ctx) throws IOException {
    Files.createDirectories(repo());
    Files.writeString(repo().resolve("thesis.tex"), "\\documentclass{article}");

    deploy(vertx, repo(), false)
        .onComplete(ctx.failing(failure -> ctx.verify(() -> {
          assertThat(failure).hasMessageContaining("not a cairn repository");
          try (var left = Files.list(repo())) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("thesis.tex");
          }
          assertThat(vertx.deploymentIDs()).isEmpty();
          ctx.completeNow();
        })));
  }
}
