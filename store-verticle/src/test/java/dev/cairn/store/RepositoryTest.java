package dev.cairn.store;

import static dev.cairn.store.StoreFixtures.data;
import static dev.cairn.store.StoreFixtures.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.common.ChunkId;
import dev.cairn.common.ChunkerParams;
import dev.cairn.common.Failures;
import dev.cairn.common.message.BlobType;
import dev.cairn.common.message.StoreMessages.Blob;
import dev.cairn.common.message.StoreMessages.Info;
import dev.cairn.common.message.StoreMessages.PutReply;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A repository")
class RepositoryTest {
  private static final ChunkerParams CHUNKER = ChunkerParams.of(1 << 10, 4 << 10, 16 << 10);

  @TempDir Path parent;

  private final SplittableRandom random = new SplittableRandom(3);

  private Path repo() {
    return parent.resolve("repo");
  }

  private static void assertFailsWith(int code, Runnable action, String messagePart) {
    assertThatThrownBy(action::run).isInstanceOf(RepositoryException.class).hasMessageContaining(messagePart)
        .asInstanceOf(InstanceOfAssertFactories.type(RepositoryException.class))
        .extracting(RepositoryException::code).isEqualTo(code);
  }

  @Test
  @DisplayName("is created with its config where none existed, and opens again with the same identity")
  void createsWhereMissing() {
    Info created;
    try (Repository r = Repository.open(repo(), true, CHUNKER)) {
      created = r.info();
      assertThat(r.putContent(List.of(data("first words"))).storedBlobs()).isEqualTo(1);
    }

    assertThat(repo().resolve("config")).isRegularFile();
    assertThat(created.chunker()).isEqualTo(CHUNKER);
    assertThat(created.hash()).isEqualTo("blake3-256");
    assertThat(created.repositoryId()).matches("[0-9a-f]{32}");
    try (Repository again = Repository.open(repo(), false, ChunkerParams.defaults())) {
      assertThat(again.info().instance()).as("a store that opens the repository again answers as another instance")
          .isNotEqualTo(created.instance());
      assertThat(again.info()).isEqualTo(created.answeredBy(again.info().instance()));
      assertThat(again.get(BlobType.DATA, data("first words").id()).bytes()).asString().isEqualTo("first words");
    }
  }

  @Test
  @DisplayName("is not created when asked only to open, and nothing is left on disk")
  void missingWithoutCreateIsNotFound() throws IOException {
    assertFailsWith(Failures.NOT_FOUND, () -> Repository.open(repo(), false, CHUNKER), "no repository at");
    assertThat(repo()).doesNotExist();

    Files.createDirectory(repo());
    assertFailsWith(Failures.NOT_FOUND, () -> Repository.open(repo(), false, CHUNKER), "no repository at");
    assertThat(repo()).isEmptyDirectory();
  }

  @Test
  @DisplayName("is never made in a directory that already holds other files, which are left untouched")
  void foreignDirectoryIsRefusedAndUntouched() throws IOException {
    Files.createDirectories(repo().resolve("photos"));
    Files.writeString(repo().resolve("photos/cat.jpg"), "meow");
    Files.writeString(repo().resolve("notes.txt"), "do not touch");
    var before = StoreFixtures.contents(repo());

    for (boolean create : new boolean[] {true, false}) {
      assertFailsWith(Failures.NOT_FOUND, () -> Repository.open(repo(), create, CHUNKER), "not a cairn repository");
    }

    var after = StoreFixtures.contents(repo());
    assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
    before.forEach((name, content) -> assertThat(after.get(name)).as(name).isEqualTo(content));
    try (var entries = Files.list(repo())) {
      assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("photos", "notes.txt");
    }
  }

  @Test
  @DisplayName("is refused at a path that is a file, and the file is kept as it was")
  void fileIsRefused() throws IOException {
    Files.writeString(repo(), "just a file");

    assertFailsWith(Failures.BAD_INPUT, () -> Repository.open(repo(), true, CHUNKER), "is a file");
    assertThat(repo()).isRegularFile().hasContent("just a file");
  }

  @Test
  @DisplayName("stores a blob once, however often it is put, and adds no pack for a repeat")
  void putIsIdempotent() {
    Blob a = data(randomBytes(random, 5_000));
    Blob b = data("small");
    try (Repository r = Repository.open(repo(), true, CHUNKER)) {
      assertThat(r.putContent(List.of(a, b, a))).isEqualTo(new PutReply(2, 5_005));
      assertThat(r.putContent(List.of(b, a))).isEqualTo(new PutReply(0, 0));
      r.flush();
      List<Path> packs = StoreFixtures.packFiles(repo());
      assertThat(packs).hasSize(1);

      assertThat(r.putContent(List.of(a, b))).isEqualTo(new PutReply(0, 0));
      r.flush();
      assertThat(StoreFixtures.packFiles(repo())).isEqualTo(packs);
    }
    try (Repository r = Repository.open(repo(), false, CHUNKER)) {
      assertThat(r.putContent(List.of(a))).isEqualTo(new PutReply(0, 0));
    }
  }

  @Test
  @DisplayName("knows which blobs it holds while the pack is open, once sealed, and after reopening")
  void hasReportsHeldBlobs() {
    Blob kept = data("kept");
    ChunkId stranger = data("never stored").id();
    try (Repository r = Repository.open(repo(), true, CHUNKER)) {
      assertThat(r.has(List.of(kept.id(), stranger))).containsExactly(false, false);
      r.putContent(List.of(kept));
      assertThat(r.has(List.of(kept.id(), stranger))).containsExactly(true, false);
      r.flush();
      assertThat(r.has(List.of(stranger, kept.id()))).containsExactly(false, true);
    }
    try (Repository r = Repository.open(repo(), false, CHUNKER)) {
      assertThat(r.has(List.of(kept.id(), stranger, kept.id()))).containsExactly(true, false, true);
    }
  }

  @Test
  @DisplayName("gives back the very bytes it was given, before and after sealing and after reopening, however they were held")
  void getReturnsIdenticalBytes() {
    List<Blob> blobs = new ArrayList<>();
    for (int size : new int[] {0, 1, 777, 65_536, 300_001}) {
      blobs.add(data(randomBytes(random, size)));
    }
    ByteBuffer window = ByteBuffer.wrap(randomBytes(random, 1_000), 100, 500);
    blobs.add(new Blob(BlobType.DATA, StoreFixtures.HASH.hash(window), window));
    ByteBuffer direct = ByteBuffer.allocateDirect(2_000).put(randomBytes(random, 2_000)).flip();
    blobs.add(new Blob(BlobType.DATA, StoreFixtures.HASH.hash(direct), direct));
    try (Repository r = Repository.open(repo(), true, CHUNKER)) {
      r.putContent(blobs);
      blobs.forEach(b -> assertThat(r.get(BlobType.DATA, b.id()).bytes()).isEqualTo(b.bytes()));
      r.flush();
      blobs.forEach(b -> assertThat(r.get(BlobType.DATA, b.id()).bytes()).isEqualTo(b.bytes()));
    }
    try (Repository r = Repository.open(repo(), false, CHUNKER)) {
      for (Blob b : blobs) {
        Blob back = r.get(BlobType.DATA, b.id());
        assertThat(back.id()).isEqualTo(b.id());
        assertThat(back.bytes()).isEqualTo(b.bytes());
      }
    }
  }

  @Test
  @DisplayName("refuses a blob from another node whose bytes do not match its id, and does not claim to hold it")
  void mismatchedBlobIsRefused() {
    Blob honest = data("honest");
    Blob liar = new Blob(BlobType.DATA, data("what it claims").id(), ByteBuffer.wrap("what it is".getBytes()), true);
    try (Repository r = Repository.open(repo(), true, CHUNKER)) {
      assertFailsWith(Failures.BAD_INPUT, () -> r.putContent(List.of(honest, liar)), "does not match its id");
      assertThat(r.has(List.of(liar.id(), honest.id()))).containsExactly(false, true);
      assertFailsWith(Failures.NOT_FOUND, () -> r.get(BlobType.DATA, liar.id()), "is not in the repository");
    }
  }

  @Test
  @DisplayName("reports a blob it never stored as not found")
  void unknownBlobIsNotFound() {
    try (Repository r = Repository.open(repo(), true, CHUNKER)) {
      ChunkId id = data("nobody put me").id();
      assertFailsWith(Failures.NOT_FOUND, () -> r.get(BlobType.TREE, id), "tree blob " + id.shortHex());
    }
  }

  @Test
  @DisplayName("keeps blobs put but not committed when it is closed")
  void closeKeepsPendingBlobs() {
    Blob pending = data(randomBytes(random, 10_000));
    try (Repository r = Repository.open(repo(), true, CHUNKER)) {
      r.putContent(List.of(pending));
    }
    try (Repository r = Repository.open(repo(), false, CHUNKER)) {
      assertThat(r.get(BlobType.DATA, pending.id()).bytes()).isEqualTo(pending.bytes());
    }
    assertThat(repo().resolve("tmp")).satisfiesAnyOf(
        tmp -> assertThat(tmp).doesNotExist(), tmp -> assertThat(tmp).isEmptyDirectory());
  }

  @Test
  @DisplayName("starts a new pack once one passes 16 MiB, and every blob stays readable")
  void packsRollOver() {
    List<Blob> blobs = new ArrayList<>();
    long total = 0;
    while (total <= OpenPacks.PACK_TARGET_SIZE + (2 << 20)) {
      Blob b = data(randomBytes(random, 512 * 1024 + random.nextInt(512 * 1024)));
      blobs.add(b);
      total += b.length();
    }
    try (Repository r = Repository.open(repo(), true, CHUNKER)) {
      assertThat(r.putContent(blobs)).isEqualTo(new PutReply(blobs.size(), total));
    }

    List<Path> packs = StoreFixtures.packFiles(repo());
    assertThat(packs).hasSizeGreaterThanOrEqualTo(2);
    assertThat(packs).allSatisfy(p -> assertThat(Files.size(p))
        .isLessThan(OpenPacks.PACK_TARGET_SIZE + (1 << 20) + 64 * 1024));
    try (Repository r = Repository.open(repo(), false, CHUNKER)) {
      blobs.forEach(b -> assertThat(r.get(BlobType.DATA, b.id()).bytes()).isEqualTo(b.bytes()));
    }
  }
}
