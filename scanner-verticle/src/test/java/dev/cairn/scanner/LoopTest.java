package dev.cairn.scanner;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The asynchronous loop")
class LoopTest {
  @Test
  @DisplayName("runs a million steps that complete at once without overflowing the stack")
  void millionImmediateSteps() {
    List<Integer> items = Collections.nCopies(1_000_000, 1);
    long[] sum = new long[1];

    Future<Void> done = Loop.forEach(items, i -> {
      sum[0] += i;
      return Future.succeededFuture();
    });

    assertThat(done.succeeded()).isTrue();
    assertThat(sum[0]).isEqualTo(1_000_000);
  }

  @Test
  @DisplayName("waits for a step that completes later before running the next, in order")
  void waitsForLateSteps() {
    List<Integer> seen = new ArrayList<>();
    List<Promise<Void>> pending = new ArrayList<>();

    Future<Void> done = Loop.forEach(List.of(1, 2, 3, 4), i -> {
      seen.add(i);
      if (i % 2 == 0) {
        return Future.succeededFuture();
      }
      Promise<Void> later = Promise.promise();
      pending.add(later);
      return later.future();
    });

    assertThat(seen).containsExactly(1);
    pending.get(0).complete();
    assertThat(seen).containsExactly(1, 2, 3);
    assertThat(done.isComplete()).isFalse();
    pending.get(1).complete();
    assertThat(seen).containsExactly(1, 2, 3, 4);
    assertThat(done.succeeded()).isTrue();
  }

  @Test
  @DisplayName("stops at the first step that fails and fails with its cause")
  void stopsAtFirstFailure() {
    List<Integer> seen = new ArrayList<>();

    Future<Void> done = Loop.forEach(IntStream.rangeClosed(1, 10).boxed().toList(), i -> {
      seen.add(i);
      return i == 4 ? Future.failedFuture("step 4 broke") : Future.succeededFuture();
    });

    assertThat(done.failed()).isTrue();
    assertThat(done.cause()).hasMessage("step 4 broke");
    assertThat(seen).containsExactly(1, 2, 3, 4);
  }

  @Test
  @DisplayName("stops at a step that fails later, too")
  void stopsAtLateFailure() {
    List<Integer> seen = new ArrayList<>();
    Promise<Void> second = Promise.promise();

    Future<Void> done = Loop.forEach(List.of(1, 2, 3), i -> {
      seen.add(i);
      return i == 2 ? second.future() : Future.succeededFuture();
    });
    second.fail("disk went away");

    assertThat(done.cause()).hasMessage("disk went away");
    assertThat(seen).containsExactly(1, 2);
  }

  @Test
  @DisplayName("completes at once over an empty list")
  void emptyList() {
    assertThat(Loop.forEach(List.<Integer>of(), i -> Future.failedFuture("never")).succeeded()).isTrue();
  }
}
