package dev.cairn.common;

import java.nio.charset.StandardCharsets;

/**
 * TerminalText makes names and paths safe to print as text: what a terminal would act on, or what
 * would break a line apart, is shown escaped instead.
 *
 * <p>A file name may hold any byte but {@code /} and NUL: an escape sequence that recolours or
 * clears a terminal, a newline that forges a line of output of its own, bytes that are not UTF-8.
 * Printed as they are, they let whoever named a file decide what a user reads. Escaped, a C0 or C1
 * control character or DEL reads {@code \xNN}, a byte that is not valid UTF-8 reads {@code \xNN},
 * the characters that reorder or hide text (bidirectional overrides, line and paragraph
 * separators, zero-width marks) read {@code &#92;u{NNNN}}, and a backslash reads {@code \\}, so an
 * escaped text is never mistaken for one that was not. JSON output needs none of this: its
 * encoder escapes control characters itself.
 */
public final class TerminalText {
  private TerminalText() {}

  /** Escapes raw name or path bytes, as the kernel knows them. */
  public static String escape(byte[] raw) {
    StringBuilder out = new StringBuilder(raw.length);
    int i = 0;
    while (i < raw.length) {
      int length = sequenceLength(raw, i);
      if (length == 0) {
        hex(out, raw[i] & 0xff);
        i++;
        continue;
      }
      String text = new String(raw, i, length, StandardCharsets.UTF_8);
      append(out, text.codePointAt(0));
      i += length;
    }
    return out.toString();
  }

  /** Escapes text that may hold a name or a path, such as an error line. */
  public static String escape(String text) {
    if (text == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints().forEach(c -> append(out, c));
    return out.toString();
  }

  private static void append(StringBuilder out, int c) {
    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
      hex(out, c);
    } else if (c == '\\') {
      out.append("\\\\");
    } else if (hidesOrReorders(c)) {
      out.append(String.format("\\u{%04x}", c));
    } else {
      out.appendCodePoint(c);
    }
  }

  /** Characters that change the order text is shown in, or are shown as nothing at all. */
  private static boolean hidesOrReorders(int c) {
    return (c >= 0x200b && c <= 0x200f) || (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
        || c == 0xfeff;
  }

  private static void hex(StringBuilder out, int b) {
    out.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
  }

  /** The length of the well-formed UTF-8 sequence at {@code i}, or 0 if the byte there starts none. */
  private static int sequenceLength(byte[] raw, int i) {
    int b = raw[i] & 0xff;
    int length;
    int min;
    if (b < 0x80) {
      return 1;
    } else if (b >= 0xc2 && b <= 0xdf) {
      length = 2;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      min = 0x10000;
    } else {
      return 0;
    }
    if (i + length > raw.length) {
      return 0;
    }
    int c = b & (0xff >> (length + 1));
    for (int k = 1; k < length; k++) {
      int next = raw[i + k] & 0xff;
      if ((next & 0xc0) != 0x80) {
        return 0;
      }
      c = (c << 6) | (next & 0x3f);
    }
    boolean surrogate = c >= 0xd800 && c <= 0xdfff;
    return c < min || c > 0x10ffff || surrogate ? 0 : length;
  }
}
