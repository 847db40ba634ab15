package dev.cairn.common;

/**
 * TerminalText makes names and paths safe to print as text: what a terminal would act on, or what
 * would break a line apart, is shown escaped instead.
 *
 * <p>A file name may hold any byte but {@code /} and NUL: an escape sequence that recolours or
 * clears a terminal, a newline that forges a line of output of its own, bytes that are not UTF-8.
 * Printed as they are, they let whoever named a file decide what a user reads. Escaped, a C0 or C1
 * control character or DEL reads {@code \xNN}, and the characters that reorder or hide text
 * (bidirectional overrides, line and paragraph separators, zero-width marks) read
 * {@code &#92;u{NNNN}}. A backslash is left as it is, so escaping escaped text changes nothing: a
 * message that names an entry already escaped reads the same once printed. JSON output needs none
 * of this: its encoder escapes control characters itself.
 */
public final class TerminalText {
  private TerminalText() {}

  /**
   * Escapes raw name or path bytes, as the kernel knows them; bytes that are not UTF-8 show as the
   * replacement character, as {@link RawPaths#printable} shows them.
   */
  public static String escape(byte[] raw) {
    return escape(RawPaths.printable(raw));
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
}
