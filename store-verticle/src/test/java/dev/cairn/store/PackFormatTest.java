package dev.cairn.store;

import static dev.cairn.store.StoreFixtures.HASH;
import static dev.cairn.store.StoreFixtures.randomBytes;
import static dev.cairn.store.StoreFixtures.randomId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.cairn.common.ChunkId;
import dev.cairn.common.message.BlobType;
import dev.cairn.store.PackWriter.SealedPack;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Packs and index files")
class PackFormatTest {
  @TempDir Path dir;

  private final SplittableRandom random = new SplittableRandom(7);
  private final List<byte[]> blobs = new ArrayList<>();
  private LocalStorage storage;

  @BeforeEach
  void makeBlobs() {
    storage = new LocalStorage(dir);
    for (int size : new int[] {0, 1, 100, 4096, 70_000, 1 << 20}) {
      blobs.add(randomBytes(random, size));
    }
  }

  private SealedPack writePack() throws IOException {
    try (PackWriter writer = new PackWriter(storage, HASH)) {
      for (int i = 0; i < blobs.size(); i++) {
        byte[] b = blobs.get(i);
        writer.add(i == 0 ? BlobType.TREE : BlobType.DATA, HASH.hash(b), ByteBuffer.wrap(b));
      }
      return writer.seal();
    }
  }

  @Test
  @DisplayName("a sealed pack is stored under packs/xx/ named by the hash of its trailer, and its blobs tile it")
  void sealedPackIsNamedByItsTrailer() throws IOException {
    SealedPack pack = writePack();

    String hex = pack.id().hex();
    Path file = dir.resolve("packs").resolve(hex.substring(0, 2)).resolve(hex);
    assertThat(StoreFixtures.packFiles(dir)).containsExactly(file);
    byte[] content = Files.readAllBytes(file);
    List<PackEntry> entries = PackFormat.entries(content);
    assertThat(HASH.hash(PackFormat.trailerOf(content, entries))).isEqualTo(pack.id());
    assertThat(PackFormat.tiles(content, entries)).isTrue();
    assertThat(PackFormat.fileName(pack.id())).isEqualTo("packs/" + hex.substring(0, 2) + "/" + hex);
  }

  @Test
  @DisplayName("a pack lists the blobs written to it, and each lies where its entry says")
  void packDescribesItself() throws IOException {
    SealedPack pack = writePack();
    byte[] content = Files.readAllBytes(dir.resolve(PackFormat.fileName(pack.id())));

    List<PackEntry> entries = PackFormat.entries(content);

    assertThat(entries).isEqualTo(pack.entries()).hasSize(blobs.size());
    for (int i = 0; i < blobs.size(); i++) {
      PackEntry e = entries.get(i);
      assertThat(e.id()).isEqualTo(HASH.hash(blobs.get(i)));
      assertThat(e.type()).isEqualTo(i == 0 ? BlobType.TREE : BlobType.DATA);
      byte[] stored = Arrays.copyOfRange(content, (int) e.offset(), (int) e.offset() + e.length());
      assertThat(stored).isEqualTo(blobs.get(i));
    }
  }

  @Test
  @DisplayName("a blob can be read back from a pack before it is sealed")
  void readsBackBeforeSealing() throws IOException {
    try (PackWriter writer = new PackWriter(storage, HASH)) {
      byte[] first = blobs.get(3);
      byte[] second = blobs.get(4);
      writer.add(BlobType.DATA, HASH.hash(first), ByteBuffer.wrap(first));
      PackEntry at = writer.add(BlobType.DATA, HASH.hash(second), ByteBuffer.wrap(second));

      ByteBuffer back = ByteBuffer.allocate(at.length());
      writer.read(at, back);

      assertThat(back.array()).isEqualTo(second);
      assertThat(writer.size()).isEqualTo(first.length + second.length);
    }
  }

  @Test
  @DisplayName("a pack abandoned before sealing leaves no file behind")
  void abandonedPackLeavesNothing() throws IOException {
    try (PackWriter writer = new PackWriter(storage, HASH)) {
      writer.add(BlobType.DATA, HASH.hash(blobs.get(2)), ByteBuffer.wrap(blobs.get(2)));
    }
    assertThat(StoreFixtures.contents(dir)).isEmpty();
  }

  @Test
  @DisplayName("a pack cut short at either end is refused")
  void truncatedPackIsRefused() throws IOException {
    SealedPack pack = writePack();
    byte[] content = Files.readAllBytes(dir.resolve(PackFormat.fileName(pack.id())));

    assertThatIllegalArgumentException().isThrownBy(() -> PackFormat.entries(Arrays.copyOf(content, content.length - 1)));
    assertThatIllegalArgumentException().isThrownBy(() -> PackFormat.entries(Arrays.copyOfRange(content, 100, content.length)));
    assertThatIllegalArgumentException().isThrownBy(() -> PackFormat.entries(Arrays.copyOf(content, 5)));
    assertThatIllegalArgumentException().isThrownBy(() -> PackFormat.entries(new byte[0]));
  }

  @Test
  @DisplayName("garbage is not taken for a pack")
  void garbageIsRefused() {
    for (int i = 0; i < 50; i++) {
      byte[] garbage = randomBytes(random, random.nextInt(2_000));
      assertThatIllegalArgumentException().isThrownBy(() -> PackFormat.entries(garbage));
    }
  }

  @Test
  @DisplayName("a pack whose entry count claims more than the file holds is refused")
  void lyingEntryCountIsRefused() throws IOException {
    SealedPack pack = writePack();
    byte[] content = Files.readAllBytes(dir.resolve(PackFormat.fileName(pack.id())));
    ByteBuffer footer = ByteBuffer.wrap(content);
    int countAt = content.length - PackFormat.FOOTER_LENGTH;

    footer.putInt(countAt, Integer.MAX_VALUE);
    assertThatIllegalArgumentException().isThrownBy(() -> PackFormat.entries(content));
    footer.putInt(countAt, -1);
    assertThatIllegalArgumentException().isThrownBy(() -> PackFormat.entries(content));
  }

  @Test
  @DisplayName("an index file decodes to the packs and entries it was encoded from")
  void indexRoundTrip() throws IOException {
    SealedPack written = writePack();
    SealedPack other = new SealedPack(randomId(random), List.of(
        new PackEntry(BlobType.TREE, randomId(random), 0, 10), new PackEntry(BlobType.DATA, randomId(random), 10, 99)));
    SealedPack empty = new SealedPack(randomId(random), List.of());
    List<SealedPack> packs = List.of(written, other, empty);

    byte[] content = IndexFile.encode(packs);
    ChunkId name = HASH.hash(content);

    assertThat(IndexFile.decode(name, content, HASH)).isEqualTo(packs);
    assertThat(IndexFile.fileName(name)).isEqualTo("index/" + name.hex());
  }

  @Test
  @DisplayName("an index file with one byte changed anywhere is refused as damaged")
  void damagedIndexIsRefused() throws IOException {
    byte[] content = IndexFile.encode(List.of(writePack()));
    ChunkId name = HASH.hash(content);

    for (int at : new int[] {0, 9, content.length / 2, content.length - 1}) {
      byte[] damaged = content.clone();
      damaged[at] ^= 0x01;
      assertThatIllegalArgumentException().isThrownBy(() -> IndexFile.decode(name, damaged, HASH))
          .withMessageContaining("damaged");
    }
  }

  @Test
  @DisplayName("an index file named correctly but not laid out as one is refused at once")
  void malformedIndexIsRefused() {
    byte[] oneEntry = IndexFile.encode(List.of(new SealedPack(randomId(random),
        List.of(new PackEntry(BlobType.DATA, randomId(random), 0, 1)))));
    byte[] hugePackCount = oneEntry.clone();
    ByteBuffer.wrap(hugePackCount).putInt(8, Integer.MAX_VALUE - 8);
    byte[] hugeEntryCount = oneEntry.clone();
    ByteBuffer.wrap(hugeEntryCount).putInt(8 + 4 + ChunkId.LENGTH, Integer.MAX_VALUE - 8);
    byte[] negativeCount = oneEntry.clone();
    ByteBuffer.wrap(negativeCount).putInt(8, -1);
    byte[] wrongMagic = oneEntry.clone();
    wrongMagic[0] = 'X';

    for (byte[] content : List.of(hugePackCount, hugeEntryCount, negativeCount, wrongMagic,
        Arrays.copyOf(oneEntry, 30), Arrays.copyOf(oneEntry, oneEntry.length - 1), new byte[0])) {
      assertThatIllegalArgumentException().isThrownBy(() -> IndexFile.decode(HASH.hash(content), content, HASH))
          .withMessageMatching("index [0-9a-f]{8} is (malformed|not an index file).*");
    }
  }
}
