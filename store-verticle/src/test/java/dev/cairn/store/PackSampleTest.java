package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.common.ChunkId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A subset of packs to read")
class PackSampleTest {
  private final List<ChunkId> packs = IntStream.range(0, 200)
      .mapToObj(i -> StoreFixtures.randomId(new SplittableRandom(i))).toList();

  @Test
  @DisplayName("n/m: the m parts read every pack exactly once")
  void partsCoverEveryPackOnce() {
    List<ChunkId> all = new ArrayList<>();
    for (int n = 1; n <= 5; n++) {
      List<ChunkId> part = PackSample.parse(n + "/5").choose(packs, 0);
      assertThat(part).isNotEmpty().hasSizeLessThan(packs.size());
      all.addAll(part);
    }
    assertThat(all).containsExactlyInAnyOrderElementsOf(packs);
  }

  @Test
  @DisplayName("x%: reads that share of the packs, rounded up, the same ones for the same seed")
  void shareIsSeeded() {
    List<ChunkId> tenPercent = PackSample.parse("10%").choose(packs, 42);

    assertThat(tenPercent).hasSize(20).doesNotHaveDuplicates().isSubsetOf(packs);
    assertThat(PackSample.parse("10%").choose(packs, 42)).isEqualTo(tenPercent);
    assertThat(PackSample.parse("10%").choose(packs, 43)).isNotEqualTo(tenPercent);
    assertThat(PackSample.parse("0.1%").choose(packs, 1)).hasSize(1);
    assertThat(PackSample.parse("100%").choose(packs, 1)).isEqualTo(packs);
    assertThat(PackSample.parse("").choose(packs, 1)).isEqualTo(packs);
  }

  @Test
  @DisplayName("a malformed subset is refused with a message that shows the accepted forms")
  void malformedSubsetIsRefused() {
    for (String bad : List.of("ten", "10", "%", "0%", "101%", "-5%", "0/5", "6/5", "1/0", "a/b", "1/")) {
      assertThatThrownBy(() -> PackSample.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "'");
    }
    assertThatThrownBy(() -> PackSample.parse("ten")).hasMessageContaining("10%").hasMessageContaining("1/5");
  }
}
