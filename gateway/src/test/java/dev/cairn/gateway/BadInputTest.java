package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input gets one clear line and a non-zero exit, and leaves the repository as it was. */
@DisplayName("The command line, given bad input,")
class BadInputTest {
  @TempDir static Path work;
  static Path repo;
  static Path source;

  @BeforeAll
  static void repositoryWithOneSnapshot() throws IOException {
    source = Files.createDirectories(work.resolve("src"));
    Files.writeString(source.resolve("a.txt"), "a");
    repo = work.resolve("repo");
    assertThat(Cli.run("backup", "--init", "--repo", repo.toString(), source.toString()).exitCode()).isZero();
  }

  @Test
  @DisplayName("refuses a source that does not exist and creates no repository")
  void missingSource() {
    Path fresh = work.resolve("never-created");
    Cli.Result r = Cli.run("backup", "--init", "--repo", fresh.toString(), work.resolve("no-such-dir").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("cairn: source " + work.resolve("no-such-dir") + " does not exist\n");
    assertThat(fresh).doesNotExist();
  }

  @Test
  @DisplayName("refuses a directory that is not a cairn repository and leaves it untouched")
  void notARepository() throws IOException {
    Path other = Files.createDirectories(work.resolve("photos"));
    Files.writeString(other.resolve("cat.jpg"), "meow");
    Map<String, String> before = TreeComparison.describe(other);
    for (String command : new String[] {"backup", "snapshots", "check"}) {
      Cli.Result r = command.equals("backup")
          ? Cli.run(command, "--repo", other.toString(), source.toString())
          : Cli.run(command, "--repo", other.toString());
      assertThat(r.exitCode()).as(command).isEqualTo(1);
      assertThat(r.err()).as(command).contains("is not a cairn repository").doesNotContain("Exception").hasLineCount(1);
    }
    assertThat(TreeComparison.describe(other)).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ten", "0%", "150%", "0/4", "5/4", "1/x"})
  @DisplayName("refuses a --read-data-subset that is neither a share nor a part, showing the accepted forms")
  void badReadDataSubset(String subset) {
    Cli.Result r = Cli.run("check", "--repo", repo.toString(), "--read-data-subset", subset);
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).startsWith("--read-data-subset '" + subset + "'").doesNotContain("Exception");
    assertThat(r.out()).isEmpty();
  }

  @Test
  @DisplayName("refuses a repository path that does not exist for commands other than backup")
  void missingRepository() {
    Cli.Result r = Cli.run("snapshots", "--repo", work.resolve("nothing-here").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("no repository at").hasLineCount(1);
    assertThat(work.resolve("nothing-here")).doesNotExist();
  }

  @Test
  @DisplayName("names an unknown snapshot")
  void unknownSnapshot() {
    Cli.Result r = Cli.run("restore", "--repo", repo.toString(), "deadbeef", "--target", work.resolve("t").toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("cairn: no snapshot matches 'deadbeef'\n");
    Cli.Result notHex = Cli.run("ls", "--repo", repo.toString(), "yesterday");
    assertThat(notHex.exitCode()).isEqualTo(1);
    assertThat(notHex.err()).contains("'yesterday' is not a snapshot id, prefix or 'latest'");
  }

  @Test
  @DisplayName("names a path the snapshot does not have")
  void unknownPath() {
    Cli.Result r = Cli.run("ls", "--repo", repo.toString(), "latest", "/no/such/path");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("cairn: the snapshot has no /no/such/path\n");
  }

  @Test
  @DisplayName("refuses a restore target that is a file, and leaves the file alone")
  void targetIsAFile() throws IOException {
    Path file = Files.writeString(work.resolve("target-file"), "keep me");
    Cli.Result r = Cli.run("restore", "--repo", repo.toString(), "latest", "--target", file.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo("cairn: target " + file + " exists and is not a directory\n");
    assertThat(file).hasContent("keep me");
  }

  @Test
  @DisplayName("exits 3 when a file cannot be read, naming it on stderr and in the snapshot, and keeps the rest")
  void unreadableFileExitsThree() {
    Path partial = work.resolve("partial-repo");
    // Reading a process's memory at offset 0 fails with EIO, whoever runs the test.
    Cli.Result r = Cli.run("backup", "--init", "--repo", partial.toString(), source.toString(), "/proc/self/mem");
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
    assertThat(r.err()).matches("cairn: not backed up: /proc/\\d+/mem: Input/output error\n");
    assertThat(r.lastLine()).startsWith("snapshot ");
    String snapshots = Cli.run("snapshots", "--repo", partial.toString(), "--json").out();
    assertThat(snapshots).contains("/mem: Input/output error");
    assertThat(Cli.run("ls", "--repo", partial.toString(), "latest", source + "/a.txt").exitCode()).isZero();
  }

  @Test
  @DisplayName("exits 2 with usage help when the repository or a required argument is missing")
  void usageErrors() {
    Cli.Result noRepo = Cli.run("snapshots");
    assertThat(noRepo.exitCode()).isEqualTo(2);
    assertThat(noRepo.err()).contains("Missing --repo REPO (or set CAIRN_REPO)").contains("Usage: cairn snapshots");
    assertThat(Cli.run("backup", "--init", "--repo", repo.toString()).exitCode()).isEqualTo(2);
    assertThat(Cli.run("restore", "--repo", repo.toString(), "latest").err()).contains("--target");
    assertThat(Cli.run("frobnicate").exitCode()).isEqualTo(2);
    assertThat(Cli.run().exitCode()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0} --help")
  @ValueSource(strings = {"init", "backup", "snapshots", "ls", "restore", "check"})
  @DisplayName("explains every command with --help")
  void help(String command) {
    Cli.Result r = Cli.run(command, "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).startsWith("Usage: cairn " + command).contains("--repo");
  }

  @Test
  @DisplayName("lists every command in its help, and names the command a typo was meant to be")
  void commandList() {
    Cli.Result help = Cli.run("--help");
    assertThat(help.exitCode()).isZero();
    for (String command : List.of("init", "backup", "snapshots", "ls", "restore", "check", "forget", "prune", "serve",
        "key", "help")) {
      assertThat(help.out()).containsPattern("(?m)^  " + command + " ");
    }
    assertThat(Cli.run("help", "prune").out()).startsWith("Usage: cairn prune");
    Cli.Result typo = Cli.run("bakup", "--repo", repo.toString());
    assertThat(typo.exitCode()).isEqualTo(2);
    assertThat(typo.err()).contains("Did you mean: cairn backup?");
  }

  @Test
  @DisplayName("gives a version that says how it hashes and reads file names")
  void version() {
    Cli.Result r = Cli.run("--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("blake3-256").contains("file names: byte-exact");
  }

  @Test
  @DisplayName("refuses serve flags that do not fit together, before joining any cluster")
  void serveFlags() {
    Map<String, String[]> cases = Map.of(
        "--roles needs --cluster", new String[] {"serve", "--repo", repo.toString(), "--roles", "hasher"},
        "unknown role \"sleeper\"", new String[] {"serve", "--cluster", "--roles", "hasher,sleeper"},
        "either --members or --kubernetes-service", new String[] {"serve", "--cluster", "--roles", "hasher",
            "--members", "127.0.0.1:5701", "--kubernetes-service", "cairn.default.svc"},
        "--allow-path " + work.resolve("nowhere") + " is not a directory", new String[] {"serve", "--repo",
            repo.toString(), "--allow-path", work.resolve("nowhere").toString()},
        "--cluster-key and --cluster-secret together", new String[] {"serve", "--cluster", "--roles", "hasher",
            "--cluster-ca", repo.toString()},
        "--tls-cert and --tls-key go together", new String[] {"serve", "--repo", repo.toString(), "--tls-key",
            repo.toString()});
    cases.forEach((message, args) -> {
      Cli.Result r = Cli.run(args);
      assertThat(r.exitCode()).as(String.join(" ", args)).isEqualTo(2);
      assertThat(r.err()).as(String.join(" ", args)).contains(message).doesNotContain("Exception");
    });
  }

  @Test
  @DisplayName("refuses a clustered store node without a repository, and a Hazelcast config file that is missing")
  void serveClusterInputs() {
    if (System.getenv("CAIRN_REPO") == null) {
      Cli.Result noRepo = Cli.run("serve", "--cluster", "--roles", "store,gateway");
      assertThat(noRepo.exitCode()).isEqualTo(2);
      assertThat(noRepo.err()).contains("Missing --repo");
    }
    Path missing = work.resolve("no-hazelcast.yaml");
    Cli.Result noConfig = Cli.run("serve", "--cluster", "--roles", "hasher", "--hazelcast-config", missing.toString());
    assertThat(noConfig.exitCode()).isEqualTo(1);
    assertThat(noConfig.err()).isEqualTo("cairn: no Hazelcast config file " + missing + "\n");
  }
}
