package dev.cairn.gateway;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Unprivileged runs the command line in a process of its own that file permissions apply to.
 *
 * <p>Tests may run as root, whom permission bits do not stop. Then the process runs under
 * {@code setpriv} without the capabilities that bypass them ({@code CAP_DAC_OVERRIDE},
 * {@code CAP_DAC_READ_SEARCH}): still root, but refused what the bits refuse, as any user is.
 */
final class Unprivileged {
  private static final String DROP = "-dac_override,-dac_read_search";

  private Unprivileged() {}

  /**
   * Runs cairn with {@code args} so that {@code probe}, a file with no permission bits, cannot be
   * read by it; returns what it printed and its exit code.
   */
  static Cli.Result run(Path probe, String... args) throws IOException, InterruptedException {
    return Files.isReadable(probe) ? runWithout(DROP, args) : execute(new ArrayList<>(), args);
  }

  /**
   * Runs cairn with {@code args} under {@code setpriv}, without the capabilities {@code drop} names
   * (as {@code setpriv} spells them, e.g. {@code -chown,-fowner}).
   */
  static Cli.Result runWithout(String drop, String... args) throws IOException, InterruptedException {
    List<String> setpriv = List.of("setpriv", "--bounding-set=" + drop, "--inh-caps=" + drop, "--");
    assumeTrue(onPath("setpriv") && canRun(setpriv), "setpriv cannot drop the capabilities " + drop);
    return execute(new ArrayList<>(setpriv), args);
  }

  /**
   * Runs cairn with {@code args} as user and group {@code id}, with no other group, under
   * {@code setpriv}. The jars of the class path are copied to {@code scratch} first, where that
   * user can read them: a build's own repository of jars is often private to root.
   */
  static Cli.Result runAs(int id, Path scratch, String... args) throws IOException, InterruptedException {
    List<String> setpriv = List.of("setpriv", "--reuid=" + id, "--regid=" + id, "--clear-groups", "--");
    assumeTrue(onPath("setpriv") && canRun(setpriv), "setpriv cannot run a program as user " + id);
    Path jars = Files.createDirectories(scratch.resolve("classpath"));
    List<String> entries = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path from = Path.of(entry);
      if (Files.isRegularFile(from)) {
        Path to = jars.resolve(entries.size() + "-" + from.getFileName());
        Files.copy(from, to);
        entries.add(to.toString());
      } else {
        entries.add(entry);
      }
    }
    return execute(new ArrayList<>(setpriv), String.join(java.io.File.pathSeparator, entries), args);
  }

  /**
   * Runs {@code program} (not cairn) as user and group {@code id}, with no other group, under
   * {@code setpriv}; returns what it printed and its exit code.
   */
  static Cli.Result programAs(int id, String... program) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=" + id, "--regid=" + id, "--clear-groups", "--"));
    assumeTrue(onPath("setpriv") && canRun(command), "setpriv cannot run a program as user " + id);
    command.addAll(List.of(program));
    return start(command);
  }

  private static Cli.Result execute(List<String> command, String... args) throws IOException, InterruptedException {
    return execute(command, System.getProperty("java.class.path"), args);
  }

  private static Cli.Result execute(List<String> command, String classPath, String... args)
      throws IOException, InterruptedException {
    command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens", "java.base/sun.nio.fs=ALL-UNNAMED"));
    command.addAll(TestPassword.CHEAP_KDF);
    command.addAll(List.of("-cp", classPath, CairnCommand.class.getName()));
    command.addAll(List.of(args));
    return start(command);
  }

  private static Cli.Result start(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("cairn-out", ".txt");
    Path err = Files.createTempFile("cairn-err", ".txt");
    try {
      Process process = TestPassword.given(new ProcessBuilder(command)).redirectOutput(out.toFile())
          .redirectError(err.toFile()).start();
      int code = process.waitFor();
      return new Cli.Result(code, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Reports whether {@code prefix} can run a program here. */
  private static boolean canRun(List<String> prefix) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(prefix);
    command.add("true");
    return new ProcessBuilder(command).redirectErrorStream(true).start().waitFor() == 0;
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(":")) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
