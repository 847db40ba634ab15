package dev.cairn.hasher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Umask is this process's file mode creation mask, which the kernel applies to every file it
 * creates. Java has no call for it; Linux shows it in {@code /proc/self/status}. It is read once:
 * nothing in cairn changes it.
 */
final class Umask {
  private static final int VALUE = read(Path.of("/proc/self/status"));

  private Umask() {}

  /** The umask, or -1 where it cannot be known. */
  static int current() {
    return VALUE;
  }

  /** The value of the {@code Umask:} line of a status file, or -1. */
  static int read(Path status) {
    try {
      for (String line : Files.readAllLines(status, StandardCharsets.ISO_8859_1)) {
        if (line.startsWith("Umask:")) {
          return Integer.parseInt(line.substring("Umask:".length()).trim(), 8);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux, or a kernel too old to say: every restored file gets its mode set explicitly.
    }
    return -1;
  }
}
