package dev.cairn.common.pressure;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hysteresis is a throttle with two marks: it engages when a level reaches the high mark and
 * releases only once the level falls to the low mark, so a level hovering near one mark does not
 * switch it on and off. It logs one line when it engages and one when it releases, at a level its
 * owner chooses: routine flow control is not news, an exhausted heap is.
 *
 * <p>Not thread-safe: one owner feeds it levels.
 */
public final class Hysteresis {
  private static final Logger LOG = Logger.getLogger(Hysteresis.class.getName());

  private final String name;
  private final long high;
  private final long low;
  private final String unit;
  private final Level level;
  private boolean engaged;

  /**
   * A throttle called {@code name} (for the log, at {@code level}) over a level measured in {@code
   * unit}; it engages at {@code high} or above and releases at {@code low} or below.
   */
  public Hysteresis(String name, long high, long low, String unit, Level level) {
    if (low < 0 || low >= high) {
      throw new IllegalArgumentException("need 0 <= low < high, got low " + low + ", high " + high);
    }
    this.name = name;
    this.high = high;
    this.low = low;
    this.unit = unit;
    this.level = level;
  }

  /** Takes the current {@code level} and reports whether the throttle is engaged now. */
  public boolean update(long level) {
    if (!engaged && level >= high) {
      engaged = true;
      LOG.log(this.level, () -> name + " throttle engaged at " + level + " " + unit + " (high mark " + high
          + ", releases at " + low + ")");
    } else if (engaged && level <= low) {
      engaged = false;
      LOG.log(this.level, () -> name + " throttle released at " + level + " " + unit + " (low mark " + low + ")");
    }
    return engaged;
  }

  /** Reports whether the throttle is engaged, as of the last level it took. */
  public boolean engaged() {
    return engaged;
  }

  public long high() {
    return high;
  }

  public long low() {
    return low;
  }
}
