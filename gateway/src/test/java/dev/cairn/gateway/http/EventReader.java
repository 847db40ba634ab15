package dev.cairn.gateway.http;

import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * EventReader reads a Server-Sent Events stream as a browser's EventSource would, and hands each
 * event's data to the test thread, which waits for them with a time limit.
 */
final class EventReader implements AutoCloseable {
  /** Put on the queue once the server has ended the stream. */
  static final JsonObject END = new JsonObject().put("end", true);

  private final HttpClient http;
  private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
  private final StringBuilder pending = new StringBuilder();
  final HttpClientResponse response;

  /** Reads {@code uri} of {@code served}'s gateway with its token. */
  EventReader(Served served, String uri) {
    http = served.client.createHttpClient();
    // Handlers are set on the event loop as the response arrives, before any of its body can.
    response = Served.await(http.request(HttpMethod.GET, served.port(), "127.0.0.1", uri)
        .compose(request -> request.putHeader("Accept", "text/event-stream")
            .putHeader("Authorization", "Bearer " + served.token).send())
        .map(answer -> answer.handler(buffer -> take(buffer.toString())).endHandler(v -> events.add(END))));
  }

  private synchronized void take(String text) {
    pending.append(text);
    int end;
    while ((end = pending.indexOf("\n\n")) >= 0) {
      String block = pending.substring(0, end);
      pending.delete(0, end + 2);
      StringBuilder data = new StringBuilder();
      block.lines().filter(l -> l.startsWith("data: ")).forEach(l -> data.append(l, 6, l.length()));
      if (!data.isEmpty()) {
        events.add(new JsonObject(data.toString()));
      }
    }
  }

  /** The next event's data, or {@link #END} once the stream has ended. */
  JsonObject next() throws InterruptedException {
    JsonObject event = events.poll(60, TimeUnit.SECONDS);
    if (event == null) {
      throw new AssertionError("no event in 60 s");
    }
    return event;
  }

  @Override
  public void close() {
    Served.await(http.close());
  }
}
