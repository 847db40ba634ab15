package dev.cairn.store;

import static dev.cairn.store.StoreFixtures.randomId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.ChunkId;
import dev.cairn.common.message.BlobType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The chunk index")
class ChunkIndexTest {
  private static final int PACKS = 400;
  private static final int PER_PACK = 500;

  private static final ChunkIndex index = new ChunkIndex();
  private static final Map<ChunkId, ChunkIndex.Location> expected = new HashMap<>();
  private static final List<ChunkId> packIds = new ArrayList<>();

  private final SplittableRandom random = new SplittableRandom(99);

  @BeforeAll
  static void fillWithManyPacks() {
    SplittableRandom random = new SplittableRandom(20240611);
    for (int p = 0; p < PACKS; p++) {
      ChunkId pack = randomId(random);
      packIds.add(pack);
      List<PackEntry> entries = new ArrayList<>(PER_PACK);
      long offset = 0;
      for (int e = 0; e < PER_PACK; e++) {
        int length = 1 + random.nextInt(4 << 20);
        BlobType type = random.nextInt(10) == 0 ? BlobType.TREE : BlobType.DATA;
        PackEntry entry = new PackEntry(type, randomId(random), offset, length);
        offset += length;
        entries.add(entry);
        expected.put(entry.id(), new ChunkIndex.Location(pack, entry));
      }
      index.addPack(pack, entries);
    }
  }

  @Test
  @DisplayName("locates each of 200,000 blobs in the pack, offset, length and type it was added with")
  void locatesEveryBlob() {
    assertThat(index.size()).isEqualTo(PACKS * PER_PACK).isEqualTo(expected.size());
    expected.forEach((id, where) -> {
      assertThat(index.contains(id)).isTrue();
      assertThat(index.locate(id)).isEqualTo(where);
    });
  }

  @Test
  @DisplayName("holds the same blobs when room was reserved for them up front")
  void reservedIndexLocatesEveryBlob() {
    ChunkIndex reserved = new ChunkIndex();
    reserved.reserve(expected.size());
    java.util.Map<ChunkId, List<PackEntry>> byPack = new java.util.HashMap<>();
    expected.values().forEach(at -> byPack.computeIfAbsent(at.pack(), p -> new ArrayList<>()).add(at.entry()));
    packIds.forEach(pack -> reserved.addPack(pack, byPack.get(pack)));

    assertThat(reserved.size()).isEqualTo(expected.size());
    expected.forEach((id, at) -> assertThat(reserved.locate(id)).isEqualTo(at));
  }

  @Test
  @DisplayName("lists its packs in the order they were added")
  void listsPacksInOrder() {
    assertThat(index.packs()).containsExactlyElementsOf(packIds);
  }

  @Test
  @DisplayName("does not know ids it was never given")
  void unknownIdsAreAbsent() {
    for (int i = 0; i < 10_000; i++) {
      ChunkId stranger = randomId(random);
      assertThat(index.contains(stranger)).isFalse();
      assertThat(index.locate(stranger)).isNull();
    }
  }

  @Test
  @DisplayName("does not confuse ids that share their first bytes")
  void idsSharingAPrefixStayDistinct() {
    ChunkIndex small = new ChunkIndex();
    ChunkId pack = randomId(random);
    List<PackEntry> entries = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      byte[] bytes = new byte[ChunkId.LENGTH];
      bytes[ChunkId.LENGTH - 1] = (byte) i;
      bytes[ChunkId.LENGTH - 2] = (byte) (i >> 8);
      entries.add(new PackEntry(BlobType.DATA, ChunkId.of(bytes), i * 10L, 10));
    }
    small.addPack(pack, entries);

    assertThat(small.size()).isEqualTo(3_000);
    for (PackEntry e : entries) {
      assertThat(small.locate(e.id())).isEqualTo(new ChunkIndex.Location(pack, e));
    }
    assertThat(small.contains(ChunkId.of(new byte[] {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f, 0x7f}))).isFalse();
  }

  @Test
  @DisplayName("keeps the first location of a blob that a later pack holds again")
  void firstLocationWins() {
    ChunkIndex own = new ChunkIndex();
    ChunkId first = randomId(random);
    List<PackEntry> entries = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      entries.add(new PackEntry(BlobType.DATA, randomId(random), i * 100L, 100));
    }
    own.addPack(first, entries);
    ChunkId later = randomId(random);
    PackEntry again = new PackEntry(BlobType.TREE, entries.get(1234).id(), 12_345, 678);
    PackEntry fresh = new PackEntry(BlobType.TREE, randomId(random), 0, 12_345);

    own.addPack(later, List.of(fresh, again));

    assertThat(own.size()).isEqualTo(5_001);
    assertThat(own.locate(again.id())).isEqualTo(new ChunkIndex.Location(first, entries.get(1234)));
    assertThat(own.locate(fresh.id())).isEqualTo(new ChunkIndex.Location(later, fresh));
    assertThat(own.packs()).containsExactly(first, later);
  }

  @Test
  @DisplayName("visits every blob exactly once")
  void forEachVisitsEachOnce() {
    Map<ChunkId, ChunkIndex.Location> visited = new HashMap<>();
    index.forEach(at -> assertThat(visited.put(at.entry().id(), at)).as("visited twice: %s", at).isNull());
    assertThat(visited).isEqualTo(expected);
  }

  @Test
  @DisplayName("is empty when new")
  void emptyWhenNew() {
    ChunkIndex fresh = new ChunkIndex();
    List<ChunkIndex.Location> visited = new ArrayList<>();
    fresh.forEach(visited::add);
    assertThat(fresh.size()).isZero();
    assertThat(fresh.packs()).isEmpty();
    assertThat(visited).isEmpty();
    assertThat(fresh.contains(randomId(random))).isFalse();
  }
}
