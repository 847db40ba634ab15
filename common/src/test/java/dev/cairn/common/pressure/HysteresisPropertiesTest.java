package dev.cairn.common.pressure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.logging.Level;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

@Label("Hysteresis throttle")
class HysteresisPropertiesTest {

  @Property
  @Label("engages exactly when a level reaches the high mark, releases exactly when one falls to the low mark")
  void switchesOnlyAtItsMarks(@ForAll @Size(max = 300) List<@IntRange(min = 0, max = 200) Integer> levels,
      @ForAll @IntRange(min = 1, max = 150) int high, @ForAll @IntRange(min = 0, max = 149) int lowSeed) {
    int low = lowSeed % high;
    Hysteresis throttle = new Hysteresis("test", high, low, "items", Level.FINE);
    boolean before = false;
    for (int level : levels) {
      boolean now = throttle.update(level);
      if (!before) {
        assertThat(now).as("released, level %d", level).isEqualTo(level >= high);
      } else {
        assertThat(now).as("engaged, level %d", level).isEqualTo(level > low);
      }
      assertThat(throttle.engaged()).isEqualTo(now);
      before = now;
    }
  }

  @Property
  @Label("never switches twice while the level stays between the marks")
  void neverOscillatesBetweenTheMarks(@ForAll @Size(max = 300) List<@IntRange(min = 0, max = 200) Integer> levels) {
    Hysteresis throttle = new Hysteresis("test", 150, 50, "items", Level.FINE);
    Boolean lastSwitchTo = null;
    int lastLevelAtSwitch = -1;
    boolean before = false;
    for (int level : levels) {
      boolean now = throttle.update(level);
      if (now != before) {
        // Every engage comes at or above 150 and every release at or below 50: two switches in a
        // row always span the whole band, however the level moves inside it.
        if (lastSwitchTo != null) {
          assertThat(Math.abs(level - lastLevelAtSwitch)).isGreaterThanOrEqualTo(100);
        }
        assertThat(now ? level >= 150 : level <= 50).isTrue();
        lastSwitchTo = now;
        lastLevelAtSwitch = level;
      }
      before = now;
    }
  }

  @Property
  @Label("a level that only moves between the marks never changes the state it started in")
  void staysPutInsideTheBand(@ForAll @Size(max = 200) List<@IntRange(min = 51, max = 149) Integer> levels,
      @ForAll boolean startEngaged) {
    Hysteresis throttle = new Hysteresis("test", 150, 50, "items", Level.FINE);
    throttle.update(startEngaged ? 150 : 0);
    for (int level : levels) {
      assertThat(throttle.update(level)).isEqualTo(startEngaged);
    }
  }
}
