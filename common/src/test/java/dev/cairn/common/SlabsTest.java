package dev.cairn.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The slab pool")
class SlabsTest {
  private final Slabs.Pool pool = new Slabs.Pool(2, 3);

  @Test
  @DisplayName("hands a given-back slab to the next taker, cleared and direct")
  void reusesSlabs() {
    ByteBuffer first = pool.take(100);
    assertThat(first.isDirect()).isTrue();
    assertThat(first.capacity()).isEqualTo(Slabs.SIZE);
    first.position(10).limit(20);
    pool.give(first);

    ByteBuffer second = pool.take(Slabs.SIZE);
    assertThat(second).isSameAs(first);
    assertThat(second.position()).isZero();
    assertThat(second.limit()).isEqualTo(Slabs.SIZE);
  }

  @Test
  @DisplayName("gives a request larger than a slab a heap buffer of its own, which it does not keep")
  void oversizeIsNotPooled() {
    ByteBuffer large = pool.take(Slabs.SIZE + 1);
    assertThat(large.capacity()).isEqualTo(Slabs.SIZE + 1);
    assertThat(large.isDirect()).isFalse();
    pool.give(large);
    pool.give(ByteBuffer.allocate(Slabs.SIZE));
    pool.give(null);
    assertThat(pool.idle()).isZero();
  }

  @Test
  @DisplayName("keeps at most a few idle slabs, so memory falls back once a restore ends")
  void boundsIdleSlabs() {
    List<ByteBuffer> taken = List.of(pool.take(1), pool.take(1), pool.take(1));
    taken.forEach(pool::give);
    assertThat(pool.idle()).isEqualTo(2);
  }

  @Test
  @DisplayName("holds no more direct slabs than its bound, however many replies are in flight")
  void boundsDirectMemory() {
    List<ByteBuffer> held = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      held.add(pool.take(1000));
    }
    assertThat(held).filteredOn(ByteBuffer::isDirect).hasSize(3);
    assertThat(held.get(4).isDirect()).as("a reply past the bound").isFalse();
    assertThat(held.get(4).capacity()).isEqualTo(1000);

    held.forEach(pool::give);
    assertThat(pool.take(1).isDirect()).as("a slab given back serves the next reply").isTrue();
  }
}
