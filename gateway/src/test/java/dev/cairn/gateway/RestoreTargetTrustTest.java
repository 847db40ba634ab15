package dev.cairn.gateway;

import static dev.cairn.gateway.OwnershipRestoreTest.give;
import static dev.cairn.gateway.OwnershipRestoreTest.mode;
import static dev.cairn.gateway.OwnershipRestoreTest.uid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cairn.common.message.HasherMessages.RestoreFiles;
import dev.cairn.common.RawPaths;
import dev.cairn.common.message.ScannerMessages.RestoreSummary;
import dev.cairn.common.posix.Accounts;
import dev.cairn.common.posix.Ownership;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A restore run as root into, or through, a directory a user owns: that user could swap the
 * directory for a link while the restore runs and have root write, and chown, files anywhere. The
 * restore refuses such a directory, naming it, unless told to trust it.
 */
@DisplayName("A root restore meeting a directory another user could change")
class RestoreTargetTrustTest {
  /** The user who owns part of the tree and would redirect the restore. */
  static final int USER = 4242;

  @TempDir Path work;
  Path repo;
  Path source;
  Path home;

  @BeforeEach
  void backUpAUsersHome() throws IOException {
    assumeTrue(Accounts.euid() == 0, "only root can give a directory to another user");
    repo = work.resolve("repo");
    source = Files.createDirectories(work.resolve("src"));
    home = Files.createDirectories(source.resolve("alice"));
    Files.writeString(home.resolve("notes.txt"), "alice's notes");
    Path docs = Files.createDirectories(home.resolve("docs"));
    Files.writeString(docs.resolve("letter.txt"), "dear bob");
    give(docs.resolve("letter.txt"), USER, USER, 0640);
    give(docs, USER, USER, 0750);
    give(home.resolve("notes.txt"), USER, USER, 0600);
    give(home, USER, USER, 0755);
    Files.writeString(source.resolve("zz-root.txt"), "root's file");
    Cli.Result backup = Rounds.backup(repo, source);
    assertThat(backup.exitCode()).as(backup.toString()).isZero();
  }

  @Test
  @DisplayName("refuses at once a target under a directory a user owns, naming it, and writes nothing")
  void refusesTargetInAUsersDirectory() throws IOException {
    Path hers = Files.createDirectories(work.resolve("home-alice"));
    give(hers, USER, USER, 0755);
    Path target = hers.resolve("restore");

    Cli.Result r = Rounds.restore(repo, target, "--include", source.toString());

    assertThat(r.exitCode()).as(r.toString()).isNotZero();
    assertThat(r.err()).contains(hers + " (owner uid 4242, mode 0755)").contains("--trust-target")
        .doesNotContain("Exception");
    assertThat(target).doesNotExist();
  }

  @Test
  @DisplayName("with --trust-target, restores under a directory a user owns")
  void trustTargetProceeds() throws IOException {
    Path hers = Files.createDirectories(work.resolve("home-alice"));
    give(hers, USER, USER, 0755);
    Path target = hers.resolve("restore");

    Cli.Result r = Rounds.restore(repo, target, "--include", source.toString(), "--trust-target");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(Files.readString(Rounds.restoredAt(target, home.resolve("docs/letter.txt")))).isEqualTo("dear bob");
  }

  @Test
  @DisplayName("refuses a world-writable sticky directory as the target, though it passes one on the way")
  void refusesStickyTarget() throws IOException {
    Path shared = Files.createDirectories(work.resolve("shared"));
    give(shared, 0, 0, 01777);

    Cli.Result r = Rounds.restore(repo, shared, "--include", source.toString());

    assertThat(r.exitCode()).as(r.toString()).isNotZero();
    assertThat(r.err()).contains(shared + " (owner uid 0, mode 1777)");
    try (Stream<Path> inside = Files.list(shared)) {
      assertThat(inside).isEmpty();
    }
  }

  @Test
  @DisplayName("refuses a target reached through a user's link, and follows root's link to check where it leads")
  void linksOnTheWay() throws IOException {
    Path elsewhere = Files.createDirectories(work.resolve("elsewhere"));
    Path hers = Files.createSymbolicLink(work.resolve("her-link"), elsewhere);
    Ownership.lchown(RawPaths.bytes(hers), USER, USER);
    Path mine = Files.createSymbolicLink(work.resolve("root-link"), elsewhere);

    Cli.Result refused = Rounds.restore(repo, hers.resolve("restore"), "--include", source.toString());
    give(elsewhere, USER, USER, 0755);
    Cli.Result checked = Rounds.restore(repo, mine.resolve("restore"), "--include", source.toString());

    assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
    assertThat(refused.err()).contains("the link " + hers + " (owner uid 4242)");
    assertThat(checked.exitCode()).as(checked.toString()).isNotZero();
    assertThat(checked.err()).contains(elsewhere + " (owner uid 4242, mode 0755)");
    try (Stream<Path> inside = Files.list(elsewhere)) {
      assertThat(inside).isEmpty();
    }
  }

  @Test
  @DisplayName("a second restore never writes through a user's restored directory swapped for a link while it runs")
  void swappedDirectoryIsNotFollowed() throws IOException {
    Path target = work.resolve("restored");
    Cli.Result first = Rounds.restore(repo, target, "--include", source.toString());
    assertThat(first.exitCode()).as(first.toString()).isZero();
    Path restoredHome = Rounds.restoredAt(target, home);
    assertThat(uid(restoredHome)).as("the first restore gives her home back to her").isEqualTo(USER);
    assertThat(mode(restoredHome)).isEqualTo(0755);
    assertThat(uid(restoredHome.resolve("docs"))).isEqualTo(USER);
    assertThat(mode(restoredHome.resolve("docs"))).isEqualTo(0750);
    assertThat(mode(restoredHome.resolve("docs/letter.txt"))).isEqualTo(0640);
    Path decoy = Files.createDirectories(work.resolve("decoy"));
    AtomicBoolean swapped = new AtomicBoolean();

    // She swaps her directory for a link just as the first files go to be written.
    RestoreSummary summary = Rounds.restoreWatching(repo, target, source.toString(), RestoreFiles.class, body -> {
      if (swapped.compareAndSet(false, true)) {
        try {
          Files.move(restoredHome, restoredHome.resolveSibling("alice.moved"));
          Files.createSymbolicLink(restoredHome, decoy);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    });

    try (Stream<Path> written = Files.walk(decoy)) {
      assertThat(written).as("nothing written through her link").containsExactly(decoy);
    }
    assertThat(summary.errors()).anySatisfy(e -> assertThat(e).startsWith(restoredHome + ": ")
        .contains("owner uid 4242").contains("--trust-target"));
    assertThat(Files.readString(Rounds.restoredAt(target, source.resolve("zz-root.txt")))).isEqualTo("root's file");
  }
}
