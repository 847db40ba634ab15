package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.common.ChunkId;
import dev.cairn.common.Failures;
import dev.cairn.common.crypto.PasswordSource;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.message.StoreMessages.Blob;
import dev.cairn.common.message.StoreMessages.CheckReport;
import dev.cairn.common.tree.Node;
import dev.cairn.common.tree.TreeCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An encrypted repository (format 2) holds one snapshot of a text file, whose lines carry a marker
 * that must appear in no repository file, and of a file of random bytes.
 */
@DisplayName("An encrypted repository")
class EncryptedRepositoryTest {
  private static final String MARKER = "CAIRN-MARKER-7f3a91";
  private static final PasswordSource RIGHT = creating -> "correct horse battery staple".toCharArray();
  private static final PasswordSource WRONG = creating -> "correct horse battery stable".toCharArray();

  @TempDir Path dir;

  @BeforeAll
  static void cheapKeys() {
    System.setProperty("cairn.kdf.memoryKiB", "1024");
    System.setProperty("cairn.kdf.iterations", "1");
  }

  private final byte[] text = text();
  private final byte[] noise = noise();

  private static byte[] text() {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      lines.append("line ").append(i).append(" of the report mentions ").append(MARKER).append(" once\n");
    }
    return lines.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] noise() {
    byte[] bytes = new byte[2 << 20];
    new SplittableRandom(5).nextBytes(bytes);
    return bytes;
  }

  private Repository create() {
    return Repository.open(dir, RepositorySetup.createIfMissing(RIGHT));
  }

  private static Repository open(Path dir, PasswordSource password) {
    return Repository.open(dir, RepositorySetup.existing(password));
  }

  private static Blob blob(Repository r, BlobType type, byte[] content) {
    return new Blob(type, r.codec().id(ByteBuffer.wrap(content)), ByteBuffer.wrap(content));
  }

  private static Node file(String name, byte[] content, Blob chunk) {
    return new Node(Node.Kind.FILE, (name + "-" + MARKER).getBytes(StandardCharsets.UTF_8), 0644,
        1_700_000_000_000_000_000L, 1_700_000_000_000_000_000L, 42, content.length, List.of(chunk.id()), null, null);
  }

  /** Backs up the two files into a new repository and returns the committed snapshot. */
  private Snapshot backUp() {
    try (Repository r = create()) {
      Blob report = blob(r, BlobType.DATA, text);
      Blob random = blob(r, BlobType.DATA, noise);
      Blob root = blob(r, BlobType.TREE, TreeCodec.encode(List.of(file("random.bin", noise, random),
          file("report.txt", text, report))));
      r.putContent(List.of(report, random, root));
      return r.commit(new Snapshot(null, Instant.parse("2026-12-01T12:00:00Z"), "host-" + MARKER,
          List.of("/home/" + MARKER), root.id(), new Snapshot.Totals(2, 0, text.length + noise.length, 0, 1, 0), List.of()));
    }
  }

  @Test
  @DisplayName("gives back every blob and snapshot with the password, and a check finds nothing wrong")
  void roundTrip() {
    Snapshot committed = backUp();
    try (Repository r = open(dir, RIGHT)) {
      Snapshot read = r.findSnapshot("latest");
      assertThat(read.id()).isEqualTo(committed.id());
      assertThat(read.paths()).containsExactly("/home/" + MARKER);
      List<Node> root = TreeCodec.decode(r.get(BlobType.TREE, read.tree()).bytes());
      assertThat(root).extracting(n -> new String(n.name(), StandardCharsets.UTF_8))
          .containsExactly("random.bin-" + MARKER, "report.txt-" + MARKER);
      assertThat(r.get(BlobType.DATA, root.get(0).chunks().get(0)).bytes()).isEqualTo(noise);
      assertThat(r.get(BlobType.DATA, root.get(1).chunks().get(0)).bytes()).isEqualTo(text);
      CheckReport report = r.check(true);
      assertThat(report.problems()).isEmpty();
      assertThat(report.blobs()).isEqualTo(3);
      assertThat(r.info().version()).isEqualTo(2);
      assertThat(r.info().hash()).isEqualTo("blake3-keyed-v1");
      assertThat(r.info().encryption()).isEqualTo("aes256gcm-v1");
    }
  }

  @Test
  @DisplayName("holds the marker of its files' content, names and paths in none of its files")
  void revealsNoPlainText() throws IOException {
    backUp();
    byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
    Map<String, byte[]> files = StoreFixtures.contents(dir);
    assertThat(files.keySet()).anyMatch(name -> name.startsWith("packs/")).anyMatch(name -> name.startsWith("keys/"))
        .anyMatch(name -> name.startsWith("index/")).anyMatch(name -> name.startsWith("snapshots/"));
    files.forEach((name, content) -> assertThat(indexOf(content, marker)).as("marker in %s", name).isEqualTo(-1));
  }

  @Test
  @DisplayName("compresses text and stores random data with under 1% overhead")
  void compressesWhatCompresses() {
    backUp();
    long packBytes = StoreFixtures.packFiles(dir).stream().mapToLong(p -> p.toFile().length()).sum();
    try (Repository r = open(dir, RIGHT)) {
      List<Node> root = TreeCodec.decode(r.get(BlobType.TREE, r.findSnapshot("latest").tree()).bytes());
      Repository.Located random = r.locate(BlobType.DATA, root.get(0).chunks().get(0));
      Repository.Located report = r.locate(BlobType.DATA, root.get(1).chunks().get(0));
      assertThat((double) random.length() / noise.length).isBetween(1.0, 1.01);
      assertThat((double) report.length() / text.length).isLessThan(0.2);
    }
    assertThat(packBytes).isLessThan((long) (noise.length * 1.01) + text.length / 5);
  }

  @Test
  @DisplayName("refuses a wrong password and a missing one, naming the repository, and writes nothing")
  void refusesWrongPassword() {
    backUp();
    TreeMap<String, byte[]> before = StoreFixtures.contents(dir);
    assertThatThrownBy(() -> open(dir, WRONG)).isInstanceOfSatisfying(RepositoryException.class, e -> {
      assertThat(e.code()).isEqualTo(Failures.UNAUTHORIZED);
      assertThat(e.getMessage()).isEqualTo("wrong password or no key in " + dir + " opens with it");
    });
    assertThatThrownBy(() -> open(dir, PasswordSource.none("no password: give --password-file")))
        .isInstanceOfSatisfying(RepositoryException.class, e -> {
          assertThat(e.code()).isEqualTo(Failures.UNAUTHORIZED);
          assertThat(e.getMessage()).contains("no password: give --password-file");
        });
    assertThat(StoreFixtures.contents(dir)).containsOnlyKeys(before.keySet().toArray(String[]::new));
  }

  @Test
  @DisplayName("a new repository asked without a password leaves no directory behind")
  void creationWithoutPasswordLeavesNothing() {
    Path fresh = dir.resolve("fresh");
    assertThatThrownBy(() -> Repository.open(fresh, RepositorySetup.createIfMissing(PasswordSource.none("no password"))))
        .isInstanceOf(RepositoryException.class);
    assertThat(fresh).doesNotExist();
  }

  @Test
  @DisplayName("a key file copied from another repository does not open this one")
  void foreignKeyFileDoesNotOpen() throws IOException {
    backUp();
    Path other = dir.resolveSibling(dir.getFileName() + "-other");
    try (Repository r = Repository.open(other, RepositorySetup.createIfMissing(WRONG))) {
      assertThat(r.info().encrypted()).isTrue();
    }
    try (var keys = Files.list(other.resolve("keys"))) {
      for (Path key : keys.toList()) {
        Files.copy(key, dir.resolve("keys").resolve(key.getFileName()));
      }
    }
    assertThatThrownBy(() -> open(dir, WRONG)).isInstanceOfSatisfying(RepositoryException.class,
        e -> assertThat(e.code()).isEqualTo(Failures.UNAUTHORIZED));
  }

  @Test
  @DisplayName("a config changed without the key, or passed off as plain text, is refused")
  void tamperedConfigIsRefused() throws IOException {
    backUp();
    Path config = dir.resolve("config");
    String original = Files.readString(config);

    Files.writeString(config, original.replace("\"auto\"", "\"off\""));
    assertThatThrownBy(() -> open(dir, RIGHT)).isInstanceOfSatisfying(RepositoryException.class, e -> {
      assertThat(e.code()).isEqualTo(Failures.CORRUPT);
      assertThat(e.getMessage()).contains("config was changed by someone without its key");
    });

    Files.writeString(config, original.replace("\"version\" : 2", "\"version\" : 1")
        .replace("\"aes256gcm-v1\"", "\"none\"").replace("\"blake3-keyed-v1\"", "\"blake3-256\""));
    assertThatThrownBy(() -> open(dir, RIGHT)).isInstanceOfSatisfying(RepositoryException.class, e -> {
      assertThat(e.code()).isEqualTo(Failures.CORRUPT);
      assertThat(e.getMessage()).contains("says plain text, yet it holds key files");
    });

    Files.writeString(config, original.replace("\"version\" : 2", "\"version\" : 3"));
    assertThatThrownBy(() -> open(dir, RIGHT)).isInstanceOfSatisfying(RepositoryException.class,
        e -> assertThat(e.getMessage()).contains("has repository format 3").contains("use a newer cairn"));
  }

  @Test
  @DisplayName("a flipped byte, or two blobs' places swapped, is named by check and never read as data")
  void damageIsNamed() throws IOException {
    Snapshot committed = backUp();
    List<Node> root;
    Repository.Located random;
    Repository.Located report;
    try (Repository r = open(dir, RIGHT)) {
      root = TreeCodec.decode(r.get(BlobType.TREE, committed.tree()).bytes());
      random = r.locate(BlobType.DATA, root.get(0).chunks().get(0));
      report = r.locate(BlobType.DATA, root.get(1).chunks().get(0));
    }
    Path pack = dir.resolve(PackFormat.fileName(random.pack()));
    byte[] content = Files.readAllBytes(pack);
    content[(int) random.offset() + random.length() / 2] ^= 0x40;
    Files.write(pack, content);
    try (Repository r = open(dir, RIGHT)) {
      assertThatThrownBy(() -> r.get(BlobType.DATA, random.id())).isInstanceOfSatisfying(RepositoryException.class,
          e -> assertThat(e.code()).isEqualTo(Failures.CORRUPT));
      assertThat(r.check(true).problems()).anyMatch(p -> p.contains("data blob " + random.id().hex() + " is damaged"));
      assertThat(r.get(BlobType.DATA, report.id()).bytes()).isEqualTo(text);
    }
  }

  @Test
  @DisplayName("a blob's stored form served under another id fails, never giving the other's content")
  void blobCannotPassForAnother() {
    try (Repository r = create()) {
      Blob one = blob(r, BlobType.DATA, "first".getBytes(StandardCharsets.UTF_8));
      Blob two = blob(r, BlobType.DATA, "other".getBytes(StandardCharsets.UTF_8));
      ByteBuffer sealedOne = r.codec().seal(BlobType.DATA, one.id(), one.data(), null);
      List<ChunkId> ids = new ArrayList<>(List.of(one.id(), two.id()));
      var forged = new dev.cairn.common.message.StoreMessages.StoredBlob(BlobType.DATA, ids.get(1), sealedOne, 5, true);
      assertThatThrownBy(() -> r.put(List.of(forged))).isInstanceOfSatisfying(RepositoryException.class, e -> {
        assertThat(e.code()).isEqualTo(Failures.BAD_INPUT);
        assertThat(e.getMessage()).contains("does not match its id");
      });
      var asTree = new dev.cairn.common.message.StoreMessages.StoredBlob(BlobType.TREE, one.id(), sealedOne, 5, true);
      assertThatThrownBy(() -> r.put(List.of(asTree))).isInstanceOf(RepositoryException.class);
    }
  }

  @Test
  @DisplayName("a blob from another node that claims more content than a blob may hold is refused before it is opened")
  void claimedLengthIsBounded() {
    try (Repository r = create()) {
      Blob one = blob(r, BlobType.DATA, "first".getBytes(StandardCharsets.UTF_8));
      ByteBuffer sealed = r.codec().seal(BlobType.DATA, one.id(), one.data(), null);
      for (int claimed : new int[] {-1, PackFormat.MAX_BLOB_LENGTH + 1, Integer.MAX_VALUE}) {
        var liar = new dev.cairn.common.message.StoreMessages.StoredBlob(BlobType.DATA, one.id(), sealed, claimed, true);
        assertThatThrownBy(() -> r.put(List.of(liar))).as("claims %d", claimed)
            .isInstanceOfSatisfying(RepositoryException.class, e -> assertThat(e.code()).isEqualTo(Failures.BAD_INPUT));
      }
      assertThat(r.has(List.of(one.id()))).containsExactly(false);
    }
  }

  private static int indexOf(byte[] content, byte[] needle) {
    outer:
    for (int i = 0; i <= content.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (content[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
