package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prune on a disk filled to the brim, for real: a small tmpfs mounted in a mount namespace of its
 * own, in a child process, holds the repository; every command runs there as a user would run it.
 */
@DisplayName("Prune on a full disk")
class PruneFullDiskTest {
  @TempDir Path work;

  @Test
  @DisplayName("frees the space of forgotten snapshots, and the repository checks clean afterwards")
  void freesSpaceOnAFullDisk() throws IOException, InterruptedException {
    // One source backed up twice, its content replaced between: the first snapshot's packs hold
    // 6 MiB that the second does not need once the first is forgotten.
    Path source = SampleTree.random(work.resolve("data"), 1, 6, 1 << 20, 11);
    Path recent = SampleTree.random(work.resolve("recent"), 1, 2, 1 << 20, 12);
    Path disk = Files.createDirectories(work.resolve("disk"));
    Path repo = disk.resolve("repo");
    String cairn = cairnCommand();
    String script = String.join("\n",
        "mount -t tmpfs -o size=24m cairn-test \"$0\" || { echo '@@mount=failed'; exit 0; }",
        "echo '@@mount=ok'",
        cairn + " backup --init --repo '" + repo + "' '" + source + "' >/dev/null 2>&1; echo \"@@backup1=$?\"",
        "rm -rf '" + source + "' && mv '" + recent + "' '" + source + "'",
        cairn + " backup --repo '" + repo + "' '" + source + "' >/dev/null 2>&1; echo \"@@backup2=$?\"",
        cairn + " forget --repo '" + repo + "' --keep-last 1; echo \"@@forget=$?\"",
        "dd if=/dev/zero of=\"$0/filler\" bs=64k 2>/dev/null; echo \"@@free-before=$(df -B1 --output=avail \"$0\" | tail -1)\"",
        cairn + " prune --repo '" + repo + "' 2>&1; echo \"@@prune=$?\"",
        "echo \"@@free-after=$(df -B1 --output=avail \"$0\" | tail -1)\"",
        "rm -f \"$0/filler\"",
        cairn + " check --read-data --repo '" + repo + "' 2>&1; echo \"@@check=$?\"",
        "");
    Process p = TestPassword.given(new ProcessBuilder("unshare", "-m", "sh", "-c", script, disk.toString()))
        .redirectErrorStream(true).start();
    String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assumeTrue(said.contains("@@mount=ok"), "NOT TESTED: no tmpfs can be mounted here (unshare -m and mount need "
        + "root and mount namespaces): " + said.trim());

    assertThat(marker(said, "backup1")).as(said).isEqualTo("0");
    assertThat(marker(said, "backup2")).as(said).isEqualTo("0");
    assertThat(marker(said, "forget")).as(said).isEqualTo("0");
    assertThat(Long.parseLong(marker(said, "free-before").trim())).as(said).isLessThan(64 << 10);
    assertThat(marker(said, "prune")).as(said).isEqualTo("0");
    assertThat(Long.parseLong(marker(said, "free-after").trim())).as(said).isGreaterThan(5L << 20);
    assertThat(marker(said, "check")).as(said).isEqualTo("0");
    assertThat(said).contains("no problems found");
  }

  private static String marker(String output, String name) {
    Matcher m = Pattern.compile("@@" + name + "=(.*)").matcher(output);
    return m.find() ? m.group(1) : "(not reached)";
  }

  /** The command line that runs cairn in a JVM of its own, quoted for sh. */
  private static String cairnCommand() {
    List<String> words = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-Xmx256m", "--add-opens", "java.base/sun.nio.fs=ALL-UNNAMED"));
    words.addAll(TestPassword.CHEAP_KDF);
    words.addAll(List.of("-cp", System.getProperty("java.class.path"), CairnCommand.class.getName()));
    return words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
  }
}
