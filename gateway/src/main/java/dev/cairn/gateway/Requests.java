package dev.cairn.gateway;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** Requests sends a job to a node and waits for its answer, on behalf of a command. */
final class Requests {
  /** Jobs run as long as they need; a week bounds a request that was lost. */
  static final DeliveryOptions JOB = new DeliveryOptions().setSendTimeout(7L * 24 * 3600 * 1000);

  private Requests() {}

  /** Sends {@code body} to {@code address} on {@code node} and returns the reply's body. */
  static <T> T ask(CairnNode node, String address, Object body) {
    return Await.result(send(node, address, body));
  }

  /** Sends {@code body} to {@code address} on {@code node}; completes with the reply's body. */
  static <T> Future<T> send(CairnNode node, String address, Object body) {
    return node.bus().<T>request(address, body, JOB).map(Message::body);
  }

  /** A new job id. */
  static String newJobId() {
    return UUID.randomUUID().toString();
  }

  /** The machine's host name, as snapshots record it. */
  static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    } catch (java.io.IOException e) {
      return "localhost";
    }
  }
}
