package dev.cairn.common.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Compression")
class CompressionTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({"off, OFF, 3", "auto, AUTO, 3", "max, MAX, 19", "auto:9, AUTO, 9", "max:5, MAX, 5", "auto:-5, AUTO, -5"})
  @DisplayName("A setting parses to its mode and level and prints back as it was written")
  void parseRoundTrip(String text, Compression.Mode mode, int level) {
    Compression parsed = Compression.parse(text);
    assertThat(parsed.mode()).isEqualTo(mode);
    assertThat(parsed.level()).isEqualTo(level);
    assertThat(parsed.toString()).isEqualTo(text);
    assertThat(Compression.parse(parsed.toString())).isEqualTo(parsed);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {" AUTO ", "Max", "auto:3", "max:19"})
  @DisplayName("Case, spaces and a mode's own level are accepted and print in the short form")
  void lenientForms(String text) {
    Compression parsed = Compression.parse(text);
    assertThat(parsed.toString()).isEqualTo(parsed.mode().name().toLowerCase(java.util.Locale.ROOT));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      "fast | compression 'fast' is not off, auto or max (optionally :LEVEL)",
      "'' | compression '' is not off, auto or max (optionally :LEVEL)",
      "auto:x | compression level 'x' is not a number",
      "auto: | compression level '' is not a number",
      "auto:99 | zstd level 99 is outside",
      "off:5 | compression off takes no level"})
  @DisplayName("Bad settings are an IllegalArgumentException that says what is wrong")
  void badInputRefused(String text, String message) {
    assertThatIllegalArgumentException().isThrownBy(() -> Compression.parse(text)).withMessageStartingWith(message);
  }

  @org.junit.jupiter.api.Test
  @DisplayName("Off is off whatever level it was made with")
  void offIgnoresLevel() {
    assertThat(new Compression(Compression.Mode.OFF, 9)).isEqualTo(Compression.off());
  }
}
