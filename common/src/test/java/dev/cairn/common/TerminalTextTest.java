package dev.cairn.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Escaping text for a terminal")
class TerminalTextTest {
  @Test
  @DisplayName("keeps printable names, including non-ASCII letters, as they are")
  void keepsPrintable() {
    assertThat(TerminalText.escape("report 2024 (final) é ü 日本.txt".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("report 2024 (final) é ü 日本.txt");
  }

  @Test
  @DisplayName("escapes escape sequences, newlines, DEL and C1 controls as \\xNN")
  void escapesControls() {
    assertThat(TerminalText.escape("\u001b[31mred\nnext\rback\u007f\u009b")).isEqualTo("\\x1b[31mred\\x0anext\\x0dback\\x7f\\x9b");
  }

  @Test
  @DisplayName("shows bytes that are not UTF-8 as replacement characters, as paths are printed elsewhere")
  void replacesInvalidUtf8() {
    byte[] raw = {'a', (byte) 0xff, 'b'};
    assertThat(TerminalText.escape(raw)).isEqualTo("a\uFFFDb");
  }

  @Test
  @DisplayName("changes nothing in text it already escaped")
  void idempotent() {
    String once = TerminalText.escape("nul\0 \u001b[0m\n\u202e");
    assertThat(TerminalText.escape(once)).isEqualTo(once);
  }

  @Test
  @DisplayName("escapes characters that reorder or hide text, and leaves backslashes")
  void escapesBidi() {
    assertThat(TerminalText.escape("a\u202eb\u200bc\u2028d\\e")).isEqualTo("a\\u{202e}b\\u{200b}c\\u{2028}d\\e");
  }
}
