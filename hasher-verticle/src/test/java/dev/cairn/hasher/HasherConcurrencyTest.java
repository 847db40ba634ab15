package dev.cairn.hasher;

import static dev.cairn.hasher.HasherFixtures.SMALL;
import static dev.cairn.hasher.HasherFixtures.fileEntry;
import static dev.cairn.hasher.HasherFixtures.randomBytes;
import static dev.cairn.hasher.HasherFixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.Addresses;
import dev.cairn.common.message.HasherMessages.HashFiles;
import dev.cairn.common.message.HasherMessages.Hashed;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.DeliveryOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How many batches one hasher instance takes on at once, whatever it is sent. */
@DisplayName("A hasher instance sent many batches")
class HasherConcurrencyTest {
  private static final int BATCHES = 5;

  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("works on two at a time, each with its arena, and answers every one")
  void worksOnTwoAtATime() throws Exception {
    InMemoryStore.deploy(vertx).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    // The store holds every 'has' until released, so the batches that got started stay started.
    List<DeliveryContext<?>> held = new CopyOnWriteArrayList<>();
    AtomicBoolean holding = new AtomicBoolean(true);
    vertx.eventBus().addInboundInterceptor(ctx -> {
      if (ctx.message().address().equals(Addresses.STORE_HAS) && holding.get()) {
        held.add(ctx);
      } else {
        ctx.next();
      }
    });
    vertx.deployVerticle(HasherVerticle::new, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

    List<Future<Hashed>> answers = new ArrayList<>();
    for (int i = 0; i < BATCHES; i++) {
      Path file = Files.write(dir.resolve("f" + i), randomBytes(i, 20_000));
      answers.add(vertx.eventBus().<Hashed>request(Addresses.HASHER_FILES,
          new HashFiles("job", SMALL, List.of(task(file, fileEntry("f" + i, 0644, 0)))),
          new DeliveryOptions().setSendTimeout(60_000)).map(m -> m.body()));
    }
    // Once two batches ask the store, the others wait: give them every chance to start too.
    while (held.size() < HasherVerticle.BATCHES_AT_ONCE) {
      Thread.sleep(10);
    }
    vertx.timer(300).toCompletionStage().toCompletableFuture().get();
    assertThat(held).as("batches started at once").hasSize(HasherVerticle.BATCHES_AT_ONCE);

    holding.set(false);
    held.forEach(DeliveryContext::next);
    Future.all(answers).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    for (Future<Hashed> answer : answers) {
      assertThat(answer.result().results()).singleElement().satisfies(r -> assertThat(r.error()).isNull());
    }
  }
}
