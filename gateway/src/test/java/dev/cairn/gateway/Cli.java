package dev.cairn.gateway;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;

/** Cli runs the cairn command line in this JVM and captures what a user would see. */
final class Cli {
  private Cli() {}

  /** What one command printed and how it exited. */
  record Result(int exitCode, String out, String err) {
    /** The lines of standard output. */
    List<String> lines() {
      return out.lines().toList();
    }

    /** The last line of standard output. */
    String lastLine() {
      List<String> lines = lines();
      return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    /** The snapshot id a backup printed last. */
    String snapshotId() {
      String last = lastLine();
      if (!last.matches("snapshot [0-9a-f]{64}")) {
        throw new AssertionError("backup did not end with 'snapshot <id>': " + this);
      }
      return last.substring("snapshot ".length());
    }
  }

  /** Runs cairn as a user who exported CAIRN_PASSWORD (the {@link TestPassword}) would. */
  static Result run(String... args) {
    return runWith(TestPassword.environment(), args);
  }

  /** Runs cairn with exactly {@code environment}, for tests of where passwords come from. */
  static Result runWith(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CairnCommand.execute(args, environment, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }
}
