package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.common.posix.Accounts;
import dev.cairn.common.posix.Ownership;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's set-uid copy of a shell, backed up and restored by cairn running as root, as a backup
 * service does: it must come back the user's, or lose its set-uid bit, never be root's.
 */
@DisplayName("A restore run as root of a user's set-uid program")
class OwnershipRestoreTest {
  /** A user and group with no name on this machine, as a user of another machine is. */
  static final int USER = 1234;

  @TempDir Path work;
  Path repo;
  Path program;

  @BeforeEach
  void backUpSetUidProgram() throws IOException {
    assumeTrue(Accounts.euid() == 0, "only root can give a file to another user");
    repo = work.resolve("repo");
    Path home = Files.createDirectories(work.resolve("home/user"));
    program = home.resolve("bash");
    Files.write(program, Files.readAllBytes(Path.of("/bin/sh")));
    give(program, USER, USER, 04755);
    Cli.Result backup = Rounds.backup(repo, home);
    assertThat(backup.exitCode()).as(backup.toString()).isZero();
  }

  /** Gives {@code path} to {@code uid}:{@code gid} with {@code mode}, as chown and chmod would. */
  static void give(Path path, int uid, int gid, int mode) throws IOException {
    Ownership.lchown(dev.cairn.common.RawPaths.bytes(path), uid, gid);
    Files.setAttribute(path, "unix:mode", mode, LinkOption.NOFOLLOW_LINKS);
  }

  static int mode(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }

  static int uid(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
  }

  static int gid(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  @DisplayName("gives it back to its owner with its set-uid bit, never to root")
  void comesBackToItsOwner() throws IOException {
    Path target = work.resolve("restored");

    Cli.Result r = Rounds.restore(repo, target);

    assertThat(r.exitCode()).as(r.toString()).isZero();
    Path restored = Rounds.restoredAt(target, program);
    assertThat(Files.readAllBytes(restored)).isEqualTo(Files.readAllBytes(program));
    assertThat(uid(restored)).as("owner").isEqualTo(USER);
    assertThat(gid(restored)).as("group").isEqualTo(USER);
    assertThat(mode(restored)).isEqualTo(04755);
  }

  @Test
  @DisplayName("without the power to change owners, leaves no set-uid bit on the root-owned copy and names the file")
  void withoutChownLosesTheBit() throws IOException, InterruptedException {
    Path target = work.resolve("restored");

    Cli.Result r = Unprivileged.runWithout("-chown", "restore", "--repo", repo.toString(), "latest",
        "--target", target.toString());

    Path restored = Rounds.restoredAt(target, program);
    assertThat(Files.readAllBytes(restored)).as(r.toString()).isEqualTo(Files.readAllBytes(program));
    assertThat(uid(restored)).isZero();
    assertThat(mode(restored)).as("no set-uid or set-gid bit on a file root owns").isEqualTo(0755);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("cairn: " + restored + ": cannot give it to 1234:1234: lchown: Operation not permitted")
        .doesNotContain("Exception");
  }

  @Test
  @DisplayName("run by another user, leaves no set-uid bit on the copy that user owns")
  void anotherUserLosesTheBit() throws IOException, InterruptedException {
    int other = 4321;
    Files.setAttribute(work, "unix:mode", 0755, LinkOption.NOFOLLOW_LINKS);
    Path parent = Files.createDirectories(work.resolve("theirs"));
    try (var inRepo = Files.walk(repo)) {
      for (Path p : inRepo.toList()) {
        Ownership.lchown(dev.cairn.common.RawPaths.bytes(p), other, other);
      }
    }
    Ownership.lchown(dev.cairn.common.RawPaths.bytes(parent), other, other);
    Path target = parent.resolve("restored");

    Cli.Result r = Unprivileged.runAs(other, work, "restore", "--repo", repo.toString(), "latest", "--target", target.toString());

    assertThat(r.exitCode()).as(r.toString()).isZero();
    Path restored = Rounds.restoredAt(target, program);
    assertThat(Files.readAllBytes(restored)).isEqualTo(Files.readAllBytes(program));
    assertThat(uid(restored)).isEqualTo(other);
    assertThat(mode(restored)).as("no set-uid bit on a copy another user owns").isEqualTo(0755);
  }

  @Test
  @DisplayName("with --no-set-id-bits, gives it back to its owner without the bit")
  void noSetIdBits() throws IOException {
    Path target = work.resolve("restored");

    Cli.Result r = Rounds.restore(repo, target, "--no-set-id-bits");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    Path restored = Rounds.restoredAt(target, program);
    assertThat(uid(restored)).isEqualTo(USER);
    assertThat(mode(restored)).isEqualTo(0755);
  }

  @Test
  @DisplayName("is listed by ls with its set-uid bit and its owner")
  void listed() {
    Cli.Result ls = Cli.run("ls", "--repo", repo.toString(), "latest", program.toString());

    assertThat(ls.exitCode()).as(ls.toString()).isZero();
    assertThat(ls.lines()).singleElement().asString().startsWith("-rwsr-xr-x 1234/1234 ").endsWith(" " + program);
  }
}
