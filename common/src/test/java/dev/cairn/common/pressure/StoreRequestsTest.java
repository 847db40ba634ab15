package dev.cairn.common.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.Failures;
import dev.cairn.common.message.StoreMessages;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StoreRequestsTest {
  private static final String ADDRESS = "test.store";
  private final Vertx vertx = Vertx.vertx();
  private final AtomicInteger received = new AtomicInteger();
  private final StoreBreaker breaker = new StoreBreaker(3, 50, System::currentTimeMillis);
  private final StoreRequests requests = new StoreRequests(vertx, new StorePatience(5_000, 0), new Backoff(5, 40, 6),
      breaker, System::currentTimeMillis);

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** A store that answers {@code failures} requests with {@code code}, then echoes. */
  private void store(int failures, int code) {
    vertx.eventBus().<String>consumer(ADDRESS, m -> {
      if (received.incrementAndGet() <= failures) {
        m.fail(code, "store says " + code);
      } else {
        m.reply("ok " + m.body());
      }
    });
  }

  @Test
  @DisplayName("a store that is busy a few times and then answers gets the request through")
  void retriesUntilTheStoreAnswers() throws Exception {
    store(4, Failures.UNAVAILABLE);
    assertThat(await(requests.<String>request(ADDRESS, "a"))).isEqualTo("ok a");
    assertThat(received.get()).isEqualTo(5);
    assertThat(breaker.state()).isEqualTo(StoreBreaker.State.CLOSED);
    assertThat(breaker.timesOpened()).as("opened after 3, a failed trial opened it again, the next closed it")
        .isEqualTo(2);
  }

  @Test
  @DisplayName("a store that stays down fails the request after the bounded tries, saying the store is unavailable")
  void givesUpOnAStoreThatStaysDown() {
    store(Integer.MAX_VALUE, Failures.UNAVAILABLE);
    ReplyException e = failure(requests.request(ADDRESS, "a"));
    assertThat(e.failureCode()).isEqualTo(Failures.UNAVAILABLE);
    assertThat(e.getMessage()).contains("the store is unavailable").contains(ADDRESS);
    assertThat(received.get()).as("at most one try each, some refused by the open breaker").isBetween(3, 6);
    assertThat(breaker.state()).isEqualTo(StoreBreaker.State.OPEN);
  }

  @Test
  @DisplayName("a request to a remote store waits out an outage longer than its tries, and the store answers it when back")
  void remoteStoreOutageIsWaitedOut() throws Exception {
    StoreRequests patient = new StoreRequests(vertx, new StorePatience(5_000, 30_000), new Backoff(5, 40, 6), breaker,
        System::currentTimeMillis);
    store(20, Failures.UNAVAILABLE);
    assertThat(await(patient.<String>request(ADDRESS, "a"))).isEqualTo("ok a");
    assertThat(received.get()).as("every failed try, then the answer").isEqualTo(21);
  }

  @Test
  @DisplayName("a remote store that stays down fails the request once the outage bound has passed")
  void remoteStoreOutageIsBounded() {
    long[] now = {0};
    StoreRequests patient = new StoreRequests(vertx, new StorePatience(5_000, 1_000), new Backoff(5, 40, 6),
        breaker, () -> now[0] += 50);
    store(Integer.MAX_VALUE, Failures.UNAVAILABLE);
    ReplyException e = failure(patient.request(ADDRESS, "a"));
    assertThat(e.failureCode()).isEqualTo(Failures.UNAVAILABLE);
    assertThat(e.getMessage()).contains("the store is unavailable").contains("for 1 s");
    assertThat(now[0]).as("the clock read until the bound passed").isGreaterThanOrEqualTo(1_000);
  }

  @Test
  @DisplayName("nobody listening is recoverable: a store that starts late still gets the request")
  void noHandlerIsRetried() throws Exception {
    Future<String> answer = requests.request(ADDRESS, "late");
    vertx.setTimer(20, id -> store(0, 0));
    assertThat(await(answer)).isEqualTo("ok late");
  }

  @Test
  @DisplayName("requests pinned to a repository take its store's answers and refuse another repository's, untried again")
  void pinnedRequestsRefuseAnotherRepository() throws Exception {
    vertx.eventBus().<String>consumer(ADDRESS, m -> {
      received.incrementAndGet();
      m.reply("ok " + m.body(), new DeliveryOptions().addHeader(StoreMessages.REPOSITORY_HEADER, m.body()));
    });
    assertThat(await(requests.pinnedTo("repo-a").<String>request(ADDRESS, "repo-a"))).isEqualTo("ok repo-a");
    ReplyException e = failure(requests.pinnedTo("repo-a").request(ADDRESS, "repo-b"));
    assertThat(e.failureCode()).isEqualTo(Failures.WRONG_REPOSITORY);
    assertThat(e.getMessage()).contains("repository repo-b").contains("began with repository repo-a")
        .contains("--cluster-name");
    assertThat(received.get()).as("a reply from another repository is not retried").isEqualTo(2);
    assertThat(await(requests.<String>request(ADDRESS, "repo-b"))).as("unpinned").isEqualTo("ok repo-b");
  }

  @Test
  @DisplayName("fatal failures (damaged data, bad input, disk full) are never retried and keep their code")
  void fatalFailuresAreNotRetried() {
    for (int code : new int[] {Failures.CORRUPT, Failures.BAD_INPUT, Failures.STORAGE}) {
      received.set(0);
      vertx.eventBus().<String>consumer(ADDRESS + code, m -> {
        received.incrementAndGet();
        m.fail(code, "fatal " + code);
      });
      ReplyException e = failure(requests.request(ADDRESS + code, "a"));
      assertThat(e.failureCode()).isEqualTo(code);
      assertThat(received.get()).isEqualTo(1);
    }
    assertThat(breaker.state()).as("a store that answers is up").isEqualTo(StoreBreaker.State.CLOSED);
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static ReplyException failure(Future<?> future) {
    try {
      await(future);
    } catch (ExecutionException e) {
      return (ReplyException) e.getCause();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("the request succeeded");
  }
}
