package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn key}: the passwords of an encrypted repository, each a key file. */
@DisplayName("The keys of a repository")
class KeyCommandTest {
  private static final String SECOND = "a second password";

  @TempDir Path work;
  Path repo;
  String wrongLine;

  @BeforeEach
  void repository() throws IOException {
    Path source = Files.createDirectories(work.resolve("src"));
    Files.writeString(source.resolve("a.txt"), "alpha");
    repo = work.resolve("repo");
    assertThat(Cli.run("init", "--repo", repo.toString()).exitCode()).isZero();
    Cli.Result backup = Cli.run("backup", "--repo", repo.toString(), source.toString());
    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    wrongLine = "cairn: wrong password or no key in " + repo + " opens with it\n";
  }

  @Test
  @DisplayName("list shows the one key with when, where and by whom it was made, marked as in use")
  void listsTheKey() {
    Cli.Result list = Cli.run("key", "list", "--repo", repo.toString());
    assertThat(list.exitCode()).as(list.toString()).isZero();
    assertThat(list.lines()).hasSize(2);
    assertThat(list.lines().get(0)).contains("ID").contains("CREATED").contains("HOST").contains("USER");
    assertThat(list.lines().get(1)).matches("\\* [0-9a-f]{8}  \\d{4}-\\d\\d-\\d\\dT.*Z .*")
        .contains(System.getProperty("user.name"));
  }

  @Test
  @DisplayName("add gives a second password: both open the repository, and list marks the one given")
  void addedKeyOpens() {
    Cli.Result add = add(SECOND);
    assertThat(add.exitCode()).as(add.toString()).isZero();
    assertThat(add.out()).matches("added key [0-9a-f]{8} to " + repo + ": the new password opens it too\n");
    assertOpensWith(TestPassword.PASSWORD);
    assertOpensWith(SECOND);
    Cli.Result list = Cli.runWith(Map.of("CAIRN_PASSWORD", SECOND), "key", "list", "--repo", repo.toString());
    assertThat(list.lines()).hasSize(3);
    String added = add.out().substring("added key ".length(), "added key ".length() + 8);
    assertThat(list.lines().stream().filter(l -> l.startsWith("*"))).singleElement().asString().contains(added);
  }

  @Test
  @DisplayName("add takes the new password from --new-password-file, and refuses an empty one")
  void newPasswordFile() throws IOException {
    Path file = Files.writeString(work.resolve("new-password"), SECOND + "\n");
    Cli.Result add = Cli.run("key", "add", "--repo", repo.toString(), "--new-password-file", file.toString());
    assertThat(add.exitCode()).as(add.toString()).isZero();
    assertOpensWith(SECOND);

    Cli.Result empty = Cli.runWith(Map.of("CAIRN_PASSWORD", TestPassword.PASSWORD, "CAIRN_NEW_PASSWORD", ""), "key",
        "add", "--repo", repo.toString());
    assertThat(empty.exitCode()).isEqualTo(1);
    assertThat(empty.err()).hasLineCount(1).contains("empty password");
    Cli.Result none = Cli.run("key", "add", "--repo", repo.toString());
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.err()).hasLineCount(1).contains("--new-password-file").contains("CAIRN_NEW_PASSWORD");
    assertThat(Cli.run("key", "list", "--repo", repo.toString()).lines()).as("no key was added").hasSize(3);
  }

  @Test
  @DisplayName("the last key is never removed, even with --force")
  void lastKeyStays() throws IOException {
    String only = keyIds(TestPassword.PASSWORD).get(0);
    var before = TreeComparison.describe(repo.resolve("keys"));
    for (List<String> extra : List.of(List.<String>of(), List.of("--force"))) {
      Cli.Result remove = remove(TestPassword.PASSWORD, only, extra);
      assertThat(remove.exitCode()).isEqualTo(1);
      assertThat(remove.err()).hasLineCount(1).contains("is the only key of " + repo);
    }
    assertThat(TreeComparison.describe(repo.resolve("keys"))).isEqualTo(before);
    assertOpensWith(TestPassword.PASSWORD);
  }

  @Test
  @DisplayName("the key in use is removed only with --force; then its password is refused and the other opens")
  void keyInUseNeedsForce() {
    assertThat(add(SECOND).exitCode()).isZero();
    String first = inUse(TestPassword.PASSWORD);
    Cli.Result refused = remove(TestPassword.PASSWORD, first, List.of());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).hasLineCount(1).contains("give --force");
    assertOpensWith(TestPassword.PASSWORD);

    Cli.Result forced = remove(TestPassword.PASSWORD, first, List.of("--force"));
    assertThat(forced.exitCode()).as(forced.toString()).isZero();
    assertThat(forced.out()).isEqualTo("removed key " + first + " from " + repo + ": its password no longer opens it\n");
    assertRefused(TestPassword.PASSWORD);
    assertOpensWith(SECOND);
  }

  @Test
  @DisplayName("a key removed with another password leaves its own password refused")
  void removedKeyRefused() {
    assertThat(add(SECOND).exitCode()).isZero();
    String first = inUse(TestPassword.PASSWORD);
    Cli.Result removed = remove(SECOND, first, List.of());
    assertThat(removed.exitCode()).as(removed.toString()).isZero();
    assertRefused(TestPassword.PASSWORD);
    assertOpensWith(SECOND);
    Cli.Result unknown = remove(SECOND, "ffffffffffff", List.of());
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.err()).hasLineCount(1).contains("no key of " + repo);
  }

  @Test
  @DisplayName("passwd replaces the password: the old one is refused, the new one opens, one key remains")
  void passwd() {
    Cli.Result passwd = Cli.runWith(Map.of("CAIRN_PASSWORD", TestPassword.PASSWORD, "CAIRN_NEW_PASSWORD", SECOND),
        "key", "passwd", "--repo", repo.toString());
    assertThat(passwd.exitCode()).as(passwd.toString()).isZero();
    assertThat(passwd.out()).startsWith("changed the password of " + repo).contains("the old password no longer opens it");
    assertRefused(TestPassword.PASSWORD);
    assertOpensWith(SECOND);
    assertThat(keyIds(SECOND)).hasSize(1);
  }

  @Test
  @DisplayName("a key command waits for no store: a running one holds the repository and is named")
  void refusedWhileServed() throws IOException {
    try (CairnNode node = CairnNode.open(repo, dev.cairn.store.RepositorySetup.existing(
        creating -> TestPassword.PASSWORD.toCharArray()))) {
      Cli.Result add = add(SECOND);
      assertThat(add.exitCode()).isEqualTo(1);
      assertThat(add.err()).hasLineCount(1).contains("in use by another cairn store");
    }
    assertRefused(SECOND);
  }

  private Cli.Result add(String newPassword) {
    return Cli.runWith(Map.of("CAIRN_PASSWORD", TestPassword.PASSWORD, "CAIRN_NEW_PASSWORD", newPassword),
        "key", "add", "--repo", repo.toString());
  }

  private Cli.Result remove(String password, String id, List<String> extra) {
    List<String> args = new java.util.ArrayList<>(List.of("key", "remove", "--repo", repo.toString(), id));
    args.addAll(extra);
    return Cli.runWith(Map.of("CAIRN_PASSWORD", password), args.toArray(String[]::new));
  }

  /** The short ids key list shows, in its order. */
  private List<String> keyIds(String password) {
    Cli.Result list = Cli.runWith(Map.of("CAIRN_PASSWORD", password), "key", "list", "--repo", repo.toString());
    assertThat(list.exitCode()).as(list.toString()).isZero();
    return list.lines().stream().skip(1).map(l -> l.substring(2, 10)).toList();
  }

  /** The short id of the key {@code password} opens. */
  private String inUse(String password) {
    Cli.Result list = Cli.runWith(Map.of("CAIRN_PASSWORD", password), "key", "list", "--repo", repo.toString());
    return list.lines().stream().filter(l -> l.startsWith("*")).findFirst().orElseThrow().substring(2, 10);
  }

  private void assertOpensWith(String password) {
    Cli.Result r = Cli.runWith(Map.of("CAIRN_PASSWORD", password), "snapshots", "--repo", repo.toString());
    assertThat(r.exitCode()).as(password + ": " + r).isZero();
    assertThat(r.lastLine()).isEqualTo("1 snapshot");
  }

  private void assertRefused(String password) {
    Cli.Result r = Cli.runWith(Map.of("CAIRN_PASSWORD", password), "snapshots", "--repo", repo.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).isEqualTo(wrongLine);
  }
}
