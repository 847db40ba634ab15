package dev.cairn.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * CairnProcess runs the command line in a JVM of its own with the memory flags {@code bin/cairn}
 * gives it (a 512 MiB heap, and exit at once when the heap is exhausted), so a test sees what a
 * user would: an allocation too large for the heap ends the process instead of passing unseen in
 * the test's larger heap. A run that does not end within its time is killed and reported as such.
 */
final class CairnProcess {
  /** The exit code reported for a run that had to be killed. */
  static final int HUNG = -1;

  private CairnProcess() {}

  /** Runs cairn with {@code args}; waits at most {@code seconds}. */
  static Cli.Result run(long seconds, String... args) throws IOException, InterruptedException {
    return run(List.of(), seconds, args);
  }

  /** Runs cairn with {@code args} under the command {@code prefix} (which ends by running the rest). */
  static Cli.Result run(List<String> prefix, long seconds, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(prefix);
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-Xms32m", "-Xmx512m", "-XX:+ExitOnOutOfMemoryError",
        "--add-opens", "java.base/sun.nio.fs=ALL-UNNAMED"));
    command.addAll(TestPassword.CHEAP_KDF);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), CairnCommand.class.getName()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("cairn-out", ".txt");
    Path err = Files.createTempFile("cairn-err", ".txt");
    try {
      Process process = TestPassword.given(new ProcessBuilder(command)).redirectOutput(out.toFile())
          .redirectError(err.toFile()).start();
      int code;
      if (process.waitFor(seconds, TimeUnit.SECONDS)) {
        code = process.exitValue();
      } else {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly().waitFor();
        code = HUNG;
      }
      return new Cli.Result(code, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
