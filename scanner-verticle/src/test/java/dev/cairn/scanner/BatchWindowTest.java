package dev.cairn.scanner;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The batch window")
class BatchWindowTest {
  /** Every batch sent, with the promise of its reply, answered by hand. */
  private final List<List<String>> sent = new ArrayList<>();
  private final List<Promise<String>> replies = new ArrayList<>();
  private final List<Throwable> failures = new ArrayList<>();

  private BatchWindow<String, String> window(int maxInFlight, int maxItems, long maxBytes) {
    return new BatchWindow<>(maxInFlight, maxItems, maxBytes, items -> {
      sent.add(items);
      Promise<String> reply = Promise.promise();
      replies.add(reply);
      return reply.future();
    }, failures::add);
  }

  private static void ignore(String reply, Integer index) {}

  @Test
  @DisplayName("sends a batch as soon as it holds the most items allowed")
  void closesAtMaxItems() {
    BatchWindow<String, String> window = window(10, 3, 1_000);
    for (String item : List.of("a", "b", "c", "d", "e", "f", "g")) {
      window.add(item, 1, BatchWindowTest::ignore);
    }

    assertThat(sent).containsExactly(List.of("a", "b", "c"), List.of("d", "e", "f"));
    assertThat(window.queued()).isEqualTo(1);

    window.flush();
    assertThat(sent).last().isEqualTo(List.of("g"));
    assertThat(window.queued()).isZero();
  }

  @Test
  @DisplayName("sends a batch once it holds the byte limit, and a large item travels alone")
  void closesAtMaxBytes() {
    BatchWindow<String, String> window = window(10, 100, 100);
    window.add("small-1", 40, BatchWindowTest::ignore);
    window.add("small-2", 40, BatchWindowTest::ignore);
    window.add("small-3", 40, BatchWindowTest::ignore);
    window.add("small-4", 10, BatchWindowTest::ignore);
    window.add("huge", 5_000, BatchWindowTest::ignore);
    window.add("small-5", 10, BatchWindowTest::ignore);

    assertThat(sent).containsExactly(List.of("small-1", "small-2", "small-3"), List.of("small-4"), List.of("huge"));
    assertThat(window.queued()).isEqualTo(1);
  }

  @Test
  @DisplayName("keeps at most the allowed number of batches in flight")
  void boundsInFlight() {
    BatchWindow<String, String> window = window(2, 1, 1_000);
    for (int i = 0; i < 5; i++) {
      window.add("item-" + i, 1, BatchWindowTest::ignore);
    }

    assertThat(sent).hasSize(2);
    assertThat(window.inFlight()).isEqualTo(2);
    assertThat(window.queued()).isEqualTo(3);

    replies.get(0).complete("ok");
    assertThat(sent).hasSize(3);
    assertThat(window.inFlight()).isEqualTo(2);
  }

  @Test
  @DisplayName("makes the caller wait while the window is full, and lets it go on when a reply frees a place")
  void backPressure() {
    BatchWindow<String, String> window = window(1, 1, 1_000);
    Future<Void> first = window.add("first", 1, BatchWindowTest::ignore);
    Future<Void> second = window.add("second", 1, BatchWindowTest::ignore);

    assertThat(first.succeeded()).isTrue();
    assertThat(second.isComplete()).as("accepted while the only place is taken").isFalse();

    replies.get(0).complete("done with first");

    assertThat(second.succeeded()).isTrue();
    assertThat(sent).containsExactly(List.of("first"), List.of("second"));
  }

  @Test
  @DisplayName("tells each item's callback the batch reply and the item's place in the batch")
  void callbacksGetTheirIndex() {
    BatchWindow<String, String> window = window(4, 3, 1_000);
    List<String> calls = new ArrayList<>();
    for (String item : List.of("x", "y", "z", "w")) {
      window.add(item, 1, (reply, index) -> calls.add(item + "=" + reply + "#" + index));
    }
    window.flush();

    replies.get(1).complete("second batch");
    replies.get(0).complete("first batch");

    assertThat(calls).containsExactly("w=second batch#0", "x=first batch#0", "y=first batch#1", "z=first batch#2");
  }

  @Test
  @DisplayName("sends a partial batch when idle, but not while another batch is in flight")
  void flushIfIdle() {
    BatchWindow<String, String> window = window(4, 10, 1_000);
    window.add("a", 1, BatchWindowTest::ignore);
    window.add("b", 1, BatchWindowTest::ignore);
    assertThat(sent).isEmpty();

    window.flushIfIdle();
    assertThat(sent).containsExactly(List.of("a", "b"));

    window.add("c", 1, BatchWindowTest::ignore);
    window.flushIfIdle();
    assertThat(sent).as("a batch is still in flight").hasSize(1);

    replies.get(0).complete("ok");
    window.flushIfIdle();
    assertThat(sent).containsExactly(List.of("a", "b"), List.of("c"));
  }

  @Test
  @DisplayName("reports a failed batch instead of calling its items back")
  void failedBatch() {
    BatchWindow<String, String> window = window(2, 1, 1_000);
    List<Integer> called = new ArrayList<>();
    window.add("doomed", 1, (reply, index) -> called.add(index));

    replies.get(0).fail(new IllegalStateException("hasher gone"));

    assertThat(called).isEmpty();
    assertThat(failures).singleElement().extracting(Throwable::getMessage).isEqualTo("hasher gone");
    assertThat(window.inFlight()).isZero();
  }

  @Test
  @DisplayName("sends a lost batch again, calls its items back once from the answer, and ignores the late one")
  void resendsALostBatch() {
    BatchWindow<String, String> window = window(2, 2, 1_000).resending(3, BatchWindow::lostOnTheWay);
    List<String> answered = new ArrayList<>();
    window.add("a", 1, (reply, i) -> answered.add(reply + " " + i));
    window.add("b", 1, (reply, i) -> answered.add(reply + " " + i));

    replies.get(0).fail(new ReplyException(ReplyFailure.TIMEOUT, "no answer in time"));
    replies.get(1).complete("second send");
    replies.get(0).tryComplete("late first send");

    assertThat(sent).containsExactly(List.of("a", "b"), List.of("a", "b"));
    assertThat(answered).containsExactly("second send 0", "second send 1");
    assertThat(failures).isEmpty();
    assertThat(window.inFlight()).isZero();
    assertThat(window.bytesInFlight()).isZero();
  }

  @Test
  @DisplayName("fails the job, saying no hasher answered, once a batch is lost as often as it may be sent")
  void givesUpOnABatchLostEveryTime() {
    BatchWindow<String, String> window = window(2, 1, 1_000).resending(3, BatchWindow::lostOnTheWay);
    window.add("a", 1, BatchWindowTest::ignore);

    for (int i = 0; i < 3; i++) {
      replies.get(i).fail(new ReplyException(ReplyFailure.NO_HANDLERS, "no handlers for cairn.hasher.files"));
    }

    assertThat(sent).hasSize(3);
    assertThat(failures).singleElement().extracting(Throwable::getMessage).asString()
        .contains("no hasher answered a batch of 1 files, sent 3 times").contains("no handlers");
    assertThat(window.inFlight()).isZero();
  }

  @Test
  @DisplayName("does not send again a batch a hasher answered with a failure of its own")
  void doesNotResendAHashersVerdict() {
    BatchWindow<String, String> window = window(2, 1, 1_000).resending(3, BatchWindow::lostOnTheWay);
    window.add("a", 1, BatchWindowTest::ignore);

    replies.get(0).fail(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 503, "the store is unavailable"));

    assertThat(sent).hasSize(1);
    assertThat(failures).singleElement().extracting(Throwable::getMessage).isEqualTo("the store is unavailable");
  }

  @Test
  @DisplayName("once abandoned, sends nothing more, passes no reply on, and says when nothing is in flight")
  void abandon() {
    BatchWindow<String, String> window = window(1, 1, 1_000);
    List<String> answered = new ArrayList<>();
    window.add("a", 1, (reply, i) -> answered.add(reply));
    Future<Void> waiting = window.add("b", 1, (reply, i) -> answered.add(reply));
    assertThat(waiting.isComplete()).isFalse();

    Future<Void> idle = window.abandon();

    assertThat(waiting.succeeded()).as("the walk waiting for room is released").isTrue();
    assertThat(idle.isComplete()).isFalse();
    window.add("c", 1, (reply, i) -> answered.add(reply));
    window.flush();
    replies.get(0).complete("reply to a");
    assertThat(idle.succeeded()).isTrue();
    assertThat(sent).containsExactly(List.of("a"));
    assertThat(answered).isEmpty();
    assertThat(failures).isEmpty();
  }

  @Test
  @DisplayName("throttles on bytes in flight: stops at the high mark and sends again only once half of it is answered")
  void throttlesOnBytesInFlight() {
    BatchWindow<String, String> window = window(10, 1, 1_000).throttled(100, () -> 0);
    for (int i = 0; i < 6; i++) {
      window.add("item-" + i, 40, BatchWindowTest::ignore);
    }
    assertThat(sent).as("40, 80, then 120 bytes: the third reaches the mark").hasSize(3);
    assertThat(window.bytesInFlight()).isEqualTo(120);

    replies.get(0).complete("ok");
    assertThat(sent).as("80 bytes in flight, above the low mark of 50").hasSize(3);

    replies.get(1).complete("ok");
    assertThat(sent).as("40 bytes: released, and it fills up to the mark again").hasSize(5);
    assertThat(window.bytesInFlight()).isEqualTo(120);
  }

  @Test
  @DisplayName("counts a large item as one full batch, so large files do not wait for each other")
  void largeItemsCountAsFullBatches() {
    BatchWindow<String, String> window = window(4, 10, 100).throttled(300, () -> 0);
    for (int i = 0; i < 3; i++) {
      window.add("large-" + i, 1L << 30, BatchWindowTest::ignore);
    }
    assertThat(sent).as("three items of 1 GiB, each counted as 100 bytes").hasSize(3);
    assertThat(window.bytesInFlight()).isEqualTo(300);
    window.add("large-3", 1L << 30, BatchWindowTest::ignore);
    assertThat(sent).as("the mark of 300 is reached").hasSize(3);
  }

  @Test
  @DisplayName("while the heap is above its high mark keeps one batch in flight, and sends freely below the low mark")
  void throttlesOnHeap() {
    long[] heap = {90};
    BatchWindow<String, String> window = window(10, 1, 1_000).throttled(1_000_000, () -> heap[0]);
    List<Future<Void>> accepted = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      accepted.add(window.add("item-" + i, 1, BatchWindowTest::ignore));
    }
    assertThat(sent).hasSize(1);
    assertThat(accepted.get(4).isComplete()).as("the walk waits").isFalse();

    heap[0] = 75;
    replies.get(0).complete("ok");
    assertThat(sent).as("75% is between the marks: still throttled, yet never stalled").hasSize(2);

    heap[0] = 70;
    replies.get(1).complete("ok");
    assertThat(sent).as("released at the low mark: everything waiting goes").hasSize(5);
    assertThat(accepted.get(4).succeeded()).isTrue();
  }
}
