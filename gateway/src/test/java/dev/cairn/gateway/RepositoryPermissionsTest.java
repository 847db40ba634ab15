package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository holds every backed-up file in the clear, so no other local user may read it: the
 * attack is a user who reads a pack and finds in it a file only root could read.
 */
@DisplayName("A repository's files")
class RepositoryPermissionsTest {
  /** A user and group no file here belongs to. */
  private static final int OTHER = 4242;

  @TempDir Path work;
  Path source;
  Path repo;
  String secret;

  @BeforeEach
  void privateFile() throws IOException {
    // The repository lies where any user may look, as under /srv/backups.
    Files.setAttribute(work, "unix:mode", 0755, LinkOption.NOFOLLOW_LINKS);
    source = Files.createDirectories(work.resolve("private"));
    Files.setAttribute(source, "unix:mode", 0700, LinkOption.NOFOLLOW_LINKS);
    secret = "SECRET-" + UUID.randomUUID();
    Path file = Files.writeString(source.resolve("password.txt"), secret + "\n", StandardCharsets.UTF_8);
    Files.setAttribute(file, "unix:mode", 0600, LinkOption.NOFOLLOW_LINKS);
    repo = work.resolve("repo");
  }

  @Test
  @DisplayName("are created for their owner alone, and another user reads no pack")
  void createdOwnerOnly() throws Exception {
    Cli.Result backup = Rounds.backup(repo, source);
    assertThat(backup.exitCode()).as(backup.toString()).isZero();

    List<Path> entries = entries();
    assertThat(entries).anyMatch(p -> p.toString().contains("/packs/") && Files.isRegularFile(p));
    for (Path p : entries) {
      int expected = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? 0700 : 0600;
      assertThat(Integer.toOctalString(mode(p))).as(p.toString()).isEqualTo(Integer.toOctalString(expected));
    }
    assertOtherUserReadsNothing();
  }

  @Test
  @DisplayName("are created for their owner alone under a umask that takes nothing away")
  void ownerOnlyWhateverTheUmask() throws Exception {
    Cli.Result backup = CairnProcess.run(List.of("sh", "-c", "umask 000 && exec \"$@\"", "sh"), 90,
        "backup", "--init", "--repo", repo.toString(), source.toString());
    assertThat(backup.exitCode()).as(backup.toString()).isZero();

    for (Path p : entries()) {
      int expected = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? 0700 : 0600;
      assertThat(Integer.toOctalString(mode(p))).as(p.toString()).isEqualTo(Integer.toOctalString(expected));
    }
    assertOtherUserReadsNothing();
  }

  @Test
  @DisplayName("of a repository made open to all are closed to others by the next backup")
  void existingRepositoryClosed() throws Exception {
    Cli.Result first = Rounds.backup(repo, source);
    assertThat(first.exitCode()).as(first.toString()).isZero();
    // As a repository made before its files were private: everything readable by everyone.
    for (Path p : entries()) {
      Files.setAttribute(p, "unix:mode", Files.isDirectory(p) ? 0755 : 0644, LinkOption.NOFOLLOW_LINKS);
    }

    Cli.Result second = Rounds.backup(repo, source);

    assertThat(second.exitCode()).as(second.toString()).isZero();
    assertThat(Integer.toOctalString(mode(repo))).isEqualTo("700");
    assertOtherUserReadsNothing();
  }

  private void assertOtherUserReadsNothing() throws IOException, InterruptedException {
    Path pack = entries().stream().filter(p -> p.toString().contains("/packs/") && Files.isRegularFile(p))
        .findFirst().orElseThrow();
    Cli.Result cat = Unprivileged.programAs(OTHER, "cat", pack.toString());
    assertThat(cat.exitCode()).as(cat.toString()).isNotZero();
    assertThat(cat.err()).contains("Permission denied");
    Cli.Result grep = Unprivileged.programAs(OTHER, "grep", "-rao", secret, repo.toString());
    assertThat(grep.out()).as(grep.toString()).doesNotContain(secret);
  }

  private List<Path> entries() throws IOException {
    try (var walk = Files.walk(repo)) {
      return walk.toList();
    }
  }

  private static int mode(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }
}
