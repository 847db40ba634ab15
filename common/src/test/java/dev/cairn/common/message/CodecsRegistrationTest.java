package dev.cairn.common.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Registering the message codecs")
class CodecsRegistrationTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    await(vertx.close());
  }

  @Test
  @DisplayName("twice on one Vert.x instance is harmless")
  void idempotent() {
    Codecs.register(vertx);

    assertThatCode(() -> Codecs.register(vertx)).doesNotThrowAnyException();
  }

  @Test
  @DisplayName("lets every message type travel a local event bus, arriving as the very object sent")
  void localDeliveryKeepsIdentity() throws Exception {
    Codecs.register(vertx);
    MessageConsumer<Object> echo = vertx.eventBus().consumer("test.echo", m -> m.reply(m.body()));
    await(echo.completion());

    List<Object> messages = MessageSamples.oneOfEach();
    assertThat(messages.stream().map(Object::getClass).distinct()).as("a sample of every type Codecs registers")
        .containsExactlyInAnyOrderElementsOf(Codecs.types());
    for (Object message : messages) {
      assertThat(await(vertx.eventBus().request("test.echo", message)).body()).as(message.getClass().getSimpleName())
          .isSameAs(message);
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
