package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository of one backup (several packs), encrypted or in plain text, is damaged as a disk or a
 * careless hand would: a flipped byte, a truncated pack, a deleted pack, a deleted index file. {@code check} must name
 * exactly the damaged pack and the files that lose content, and nothing that is fine; a restore
 * must fail naming those files and still restore every other file byte for byte.
 *
 * <p>The files a restore cannot write are the truth here: a restore verifies every chunk, so a file
 * it writes whole is undamaged, and the set of files it names must be exactly the set check names.
 */
@DisplayName("Damage to a repository")
class DamageReportTest {
  private static final Pattern SNAPSHOT_PROBLEM = Pattern.compile("snapshot [0-9a-f]{8}: (/[^:]*): .*");
  private static final Pattern PACK_PROBLEM = Pattern.compile("pack ([0-9a-f]{64})\\b.*");

  @TempDir Path work;
  Path source;
  Path repo;
  String snapshot;

  /** Backs up the source into a new repository: encrypted (format 2), or plain text (format 1). */
  private void backUp(boolean encrypted) throws IOException {
    source = work.resolve("src");
    Random random = new Random(3);
    Files.createDirectories(source);
    for (int i = 0; i < 4; i++) {
      byte[] big = new byte[9 << 20];
      random.nextBytes(big);
      Files.write(source.resolve("big-" + i + ".bin"), big);
    }
    SampleTree.random(source, 3, 30, 5000, 3);
    repo = work.resolve("repo");
    Cli.Result backup = encrypted ? Rounds.backup(repo, source) : Rounds.backupPlainText(repo, source);
    assertThat(backup.exitCode()).as(backup.toString()).isZero();
    snapshot = backup.snapshotId();
    assertThat(packs()).hasSizeGreaterThan(2);
  }

  private List<Path> packs() throws IOException {
    try (Stream<Path> files = Files.walk(repo.resolve("packs"))) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  /** The largest pack (the first by name among equals): a full pack of file content. */
  private Path victim() throws IOException {
    return packs().stream().max(Comparator.comparingLong(DamageReportTest::size)
        .thenComparing(Comparator.<Path>naturalOrder().reversed())).orElseThrow();
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The source files, as absolute paths the way a snapshot names them. */
  private Set<String> sourceFiles() throws IOException {
    try (Stream<Path> files = Files.walk(source)) {
      return files.filter(Files::isRegularFile).map(Path::toString).collect(Collectors.toCollection(TreeSet::new));
    }
  }

  /**
   * Runs check, then restore, and asserts they agree on exactly which files are damaged, that the
   * pack problems name only {@code damagedPacks}, and that every other file restores exactly.
   */
  private Set<String> assertDamageNamedExactly(Set<String> damagedPacks, String... checkOptions) throws IOException {
    String[] args = Stream.concat(Stream.of("check", "--repo", repo.toString()), Stream.of(checkOptions))
        .toArray(String[]::new);
    Cli.Result check = Cli.run(args);
    assertThat(check.exitCode()).as(check.toString()).isEqualTo(1);
    assertThat(check.err()).contains("the repository is damaged");
    Set<String> packsNamed = new TreeSet<>();
    Set<String> filesNamed = new TreeSet<>();
    for (String line : check.lines()) {
      Matcher pack = PACK_PROBLEM.matcher(line);
      Matcher file = SNAPSHOT_PROBLEM.matcher(line);
      if (pack.matches()) {
        packsNamed.add(pack.group(1));
      } else if (file.matches()) {
        assertThat(line).startsWith("snapshot " + snapshot.substring(0, 8));
        filesNamed.add(file.group(1));
      }
    }
    assertThat(packsNamed).isEqualTo(damagedPacks);
    assertThat(filesNamed).isNotEmpty();

    // A new target each time: a second restore into one would refuse the world-writable /tmp restored there.
    Path target = work.resolve("restored" + String.join("", checkOptions));
    Cli.Result restore = Cli.run("restore", "--repo", repo.toString(), snapshot, "--target", target.toString());
    assertThat(restore.exitCode()).as(restore.toString()).isEqualTo(1);
    Set<String> notRestored = new TreeSet<>();
    for (String file : sourceFiles()) {
      Path restored = target.resolve(file.substring(1));
      if (!Files.exists(restored) || !Arrays.equals(Files.readAllBytes(restored), Files.readAllBytes(Path.of(file)))) {
        notRestored.add(file);
      }
    }
    // A directory named lost its tree: every file under it is lost with it.
    Set<String> lost = new TreeSet<>();
    for (String named : filesNamed) {
      sourceFiles().stream().filter(f -> f.equals(named) || f.startsWith(named + "/")).forEach(lost::add);
    }
    assertThat(notRestored).as("files not restored byte for byte").isEqualTo(lost);
    for (String file : filesNamed) {
      assertThat(restore.err()).as("restore names " + file).contains(file);
    }
    assertThat(restore.err()).contains(filesNamed.size() + " entries could not be restored");
    return filesNamed;
  }

  @ParameterizedTest(name = "encrypted: {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName("a flipped byte: check --read-data names the pack, the chunk and the one file; restore writes every other file")
  void flippedByte(boolean encrypted) throws IOException {
    backUp(encrypted);
    Path pack = victim();
    SampleTree.flipByte(pack, 1_000);

    assertThat(Cli.run("check", "--repo", repo.toString()).exitCode()).isZero();
    Set<String> files = assertDamageNamedExactly(Set.of(pack.getFileName().toString()), "--read-data");

    assertThat(files).hasSize(1);
  }

  @ParameterizedTest(name = "encrypted: {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName("check --read-data-subset: the parts 1/2 and 2/2 read every pack once between them and one finds a flipped byte")
  void subsetsFindDamageBetweenThem(boolean encrypted) throws IOException {
    backUp(encrypted);
    Path pack = victim();
    SampleTree.flipByte(pack, 1_000);
    int total = packs().size();

    Cli.Result first = Cli.run("check", "--repo", repo.toString(), "--read-data-subset", "1/2");
    Cli.Result second = Cli.run("check", "--repo", repo.toString(), "--read-data-subset", "2/2");
    Cli.Result share = Cli.run("check", "--repo", repo.toString(), "--read-data-subset", "100%", "--seed", "9");

    Pattern summary = Pattern.compile("checked 1 snapshots, " + total + " packs, .* from (\\d+) of " + total
        + " packs \\(\\d+\\.\\d%, subset (\\S+?)(, seed (-?\\d+))?\\): .*");
    int read = 0;
    for (Cli.Result r : List.of(first, second)) {
      Matcher m = summary.matcher(r.lastLine());
      assertThat(m.matches()).as(r.toString()).isTrue();
      read += Integer.parseInt(m.group(1));
    }
    assertThat(read).isEqualTo(total);
    assertThat(first.exitCode() + second.exitCode()).as(first + "\n" + second).isEqualTo(1);
    assertThat(first.exitCode() == 1 ? first.out() : second.out()).contains(pack.getFileName() + ": data blob");
    assertThat(share.exitCode()).isEqualTo(1);
    assertThat(share.lastLine()).contains("from " + total + " of " + total + " packs (100.0%, subset 100.0%, seed 9)");
  }

  @ParameterizedTest(name = "encrypted: {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName("a truncated pack: check names it and the files whose chunks were cut off, even without --read-data")
  void truncatedPack(boolean encrypted) throws IOException {
    backUp(encrypted);
    Path pack = victim();
    try (FileChannel channel = FileChannel.open(pack, StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() / 2);
    }

    Set<String> quick = assertDamageNamedExactly(Set.of(pack.getFileName().toString()));
    Set<String> full = assertDamageNamedExactly(Set.of(pack.getFileName().toString()), "--read-data");

    assertThat(full).isEqualTo(quick);
  }

  @ParameterizedTest(name = "encrypted: {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName("a deleted pack: check names it and every file that needed it; restore writes every other file")
  void deletedPack(boolean encrypted) throws IOException {
    backUp(encrypted);
    Path pack = victim();
    Files.delete(pack);

    assertDamageNamedExactly(Set.of(pack.getFileName().toString()));
  }

  @ParameterizedTest(name = "encrypted: {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName("a deleted index file: check names the packs it described and every file it takes with it")
  void deletedIndex(boolean encrypted) throws IOException {
    backUp(encrypted);
    Path tree = Files.createDirectories(work.resolve("second"));
    Files.writeString(tree.resolve("note.txt"), "a second backup, so there is an index left to keep");
    Cli.Result second = Rounds.backup(repo, tree);
    assertThat(second.exitCode()).as(second.toString()).isZero();
    List<Path> indexes;
    try (Stream<Path> files = Files.list(repo.resolve("index"))) {
      indexes = files.sorted().toList();
    }
    assertThat(indexes).hasSize(2);
    Set<String> packsBefore = packs().stream().map(p -> p.getFileName().toString()).collect(Collectors.toSet());
    // Deleting the second backup's index leaves the first one's packs indexed; find which to delete.
    Path firstIndex = indexes.stream().filter(i -> size(i) > 1_000).findFirst().orElseThrow();
    Files.delete(firstIndex);

    Cli.Result check = Cli.run("check", "--repo", repo.toString());

    assertThat(check.exitCode()).as(check.toString()).isEqualTo(1);
    Set<String> packsNamed = check.lines().stream().map(PACK_PROBLEM::matcher).filter(Matcher::matches)
        .map(m -> m.group(1)).collect(Collectors.toSet());
    assertThat(packsNamed).isNotEmpty().isSubsetOf(packsBefore);
    assertThat(check.lines()).allSatisfy(line -> assertThat(line)
        .matches("pack [0-9a-f]{64} is named by no index, yet snapshots need blobs it holds \\(an index file is missing\\)"
            + "|snapshot " + snapshot.substring(0, 8) + ": /: tree blob [0-9a-f]{8} is not in the index \\(pack [0-9a-f]{8} holds it\\)"
            + "|checked .*|repository format [12]: .*"));
    Cli.Result restore = Cli.run("restore", "--repo", repo.toString(), snapshot, "--target", work.resolve("r").toString());
    assertThat(restore.exitCode()).isEqualTo(1);
    assertThat(restore.err()).contains("not in the repository");
    Cli.Result secondRestore = Cli.run("restore", "--repo", repo.toString(), second.snapshotId(), "--target",
        work.resolve("r2").toString());
    assertThat(secondRestore.exitCode()).as(secondRestore.toString()).isZero();
  }
}
