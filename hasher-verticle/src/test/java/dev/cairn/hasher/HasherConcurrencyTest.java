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
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
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
    AtomicInteger delivered = new AtomicInteger();
    vertx.eventBus().addInboundInterceptor(ctx -> {
      String address = ctx.message().address();
      if (address.equals(Addresses.STORE_HAS) && holding.get()) {
        held.add(ctx);
      } else {
        ctx.next();
        if (address.equals(Addresses.HASHER_FILES)) {
          delivered.incrementAndGet();
        }
      }
    });
    // What the hasher sends, in order: "has" when a batch first asks the store (one file of one
    // arena fill asks once), "answer" when it answers a batch. Outbound interceptors run as the
    // hasher sends, so an answer is logged before the batch it makes room for can start.
    List<String> sent = Collections.synchronizedList(new ArrayList<>());
    vertx.eventBus().addOutboundInterceptor(ctx -> {
      if (ctx.message().address().equals(Addresses.STORE_HAS)) {
        sent.add("has");
      } else if (ctx.message().body() instanceof Hashed) {
        sent.add("answer");
      }
      ctx.next();
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
    awaitTrue(() -> held.size() >= HasherVerticle.BATCHES_AT_ONCE && delivered.get() == BATCHES,
        () -> "the hasher takes every batch and two ask the store; held " + held.size() + ", delivered " + delivered);

    holding.set(false);
    held.forEach(DeliveryContext::next);
    Future.all(answers).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    for (Future<Hashed> answer : answers) {
      assertThat(answer.result().results()).singleElement().satisfies(r -> assertThat(r.error()).isNull());
    }
    List<String> order;
    synchronized (sent) {
      order = List.copyOf(sent);
    }
    assertThat(order).as("one question and one answer per batch").filteredOn("has"::equals).hasSize(BATCHES);
    assertThat(order).filteredOn("answer"::equals).hasSize(BATCHES);
    int atOnce = 0;
    int most = 0;
    for (String event : order) {
      atOnce += event.equals("has") ? 1 : -1;
      most = Math.max(most, atOnce);
    }
    assertThat(most).as("batches worked on at once, in the order the hasher sent %s", order)
        .isEqualTo(HasherVerticle.BATCHES_AT_ONCE);
  }

  /** Polls {@code done} until it holds; fails, saying {@code what}, after 30 seconds. */
  private static void awaitTrue(BooleanSupplier done, Supplier<String> what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 30 s: " + what.get());
      }
      Thread.sleep(10);
    }
  }
}
