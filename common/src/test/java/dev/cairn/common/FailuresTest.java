package dev.cairn.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A failure described for a reply")
class FailuresTest {
  @Test
  @DisplayName("is its message when it has one")
  void message() {
    assertThat(Failures.describe(new IOException("disk full"))).isEqualTo("disk full");
  }

  @Test
  @DisplayName("names the exception and its cause when it has no message, never \"null\"")
  void noMessage() {
    assertThat(Failures.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
    assertThat(Failures.describe(new UncheckedIOException(null, new IOException("disk full"))))
        .isEqualTo("UncheckedIOException, caused by disk full");
  }

  @Test
  @DisplayName("says how a request failed and with what code when the room gave no reason")
  void replyWithoutReason() {
    assertThat(Failures.describe(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 500, null)))
        .isEqualTo("a request failed (recipient failure, code 500) without a reason");
  }
}
