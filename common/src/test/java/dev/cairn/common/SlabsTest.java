package dev.cairn.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The slab pool")
class SlabsTest {
  @AfterEach
  void drain() {
    while (Slabs.idle() > 0) {
      Slabs.take(1);
    }
  }

  @Test
  @DisplayName("hands a given-back slab to the next taker, cleared and direct")
  void reusesSlabs() {
    ByteBuffer first = Slabs.take(100);
    assertThat(first.isDirect()).isTrue();
    assertThat(first.capacity()).isEqualTo(Slabs.SIZE);
    first.position(10).limit(20);
    Slabs.give(first);

    ByteBuffer second = Slabs.take(Slabs.SIZE);
    assertThat(second).isSameAs(first);
    assertThat(second.position()).isZero();
    assertThat(second.limit()).isEqualTo(Slabs.SIZE);
  }

  @Test
  @DisplayName("gives a request larger than a slab a buffer of its own, which it does not keep")
  void oversizeIsNotPooled() {
    ByteBuffer large = Slabs.take(Slabs.SIZE + 1);
    assertThat(large.capacity()).isEqualTo(Slabs.SIZE + 1);
    Slabs.give(large);
    Slabs.give(ByteBuffer.allocate(Slabs.SIZE));
    Slabs.give(null);
    assertThat(Slabs.idle()).isZero();
  }

  @Test
  @DisplayName("keeps at most a few idle slabs, so memory falls back once a restore ends")
  void boundsIdleSlabs() {
    List<ByteBuffer> taken = new ArrayList<>();
    for (int i = 0; i < Slabs.IDLE + 3; i++) {
      taken.add(Slabs.take(1));
    }
    taken.forEach(Slabs::give);
    assertThat(Slabs.idle()).isEqualTo(Slabs.IDLE);
  }
}
