package dev.cairn.store;

import dev.cairn.common.ChunkId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * PackSample chooses the packs whose content a check reads: every pack, part {@code n} of
 * {@code m} (packs are split by their id, so parts 1 to m together read every pack once), or a
 * share such as {@code 10%} drawn at random with a seed, so that a run can be repeated.
 */
public final class PackSample {
  /** Every pack. */
  public static final PackSample ALL = new PackSample(1, 1, 100);

  private final int part;
  private final int parts;
  private final double percent;

  private PackSample(int part, int parts, double percent) {
    this.part = part;
    this.parts = parts;
    this.percent = percent;
  }

  /**
   * Reads {@code 10%}, {@code 2.5%} or {@code 1/5}; empty means every pack.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static PackSample parse(String text) {
    String t = text.strip();
    if (t.isEmpty()) {
      return ALL;
    }
    try {
      if (t.endsWith("%")) {
        double percent = Double.parseDouble(t.substring(0, t.length() - 1));
        if (!(percent > 0 && percent <= 100)) {
          throw new IllegalArgumentException("'" + text + "': a share must be more than 0% and at most 100%");
        }
        return new PackSample(0, 0, percent);
      }
      int slash = t.indexOf('/');
      if (slash > 0) {
        int part = Integer.parseInt(t.substring(0, slash));
        int parts = Integer.parseInt(t.substring(slash + 1));
        if (parts < 1 || part < 1 || part > parts) {
          throw new IllegalArgumentException("'" + text + "': part n of m needs 1 <= n <= m");
        }
        return new PackSample(part, parts, 100.0 / parts);
      }
    } catch (NumberFormatException e) {
      // Falls through to the message below.
    }
    throw new IllegalArgumentException("'" + text + "' is not a subset: give a share such as 10% or a part such as 1/5");
  }

  /** Whether the sample is a random share, which depends on the seed. */
  public boolean isShare() {
    return parts == 0;
  }

  /** Returns the packs to read, in the order given. */
  List<ChunkId> choose(List<ChunkId> packs, long seed) {
    if (isShare()) {
      List<ChunkId> shuffled = new ArrayList<>(packs);
      Collections.sort(shuffled);
      Collections.shuffle(shuffled, new Random(seed));
      int count = (int) Math.ceil(packs.size() * percent / 100);
      Set<ChunkId> chosen = new HashSet<>(shuffled.subList(0, count));
      return packs.stream().filter(chosen::contains).toList();
    }
    return packs.stream().filter(p -> partOf(p) == part - 1).toList();
  }

  /** Which of the parts a pack falls in, from the first eight bytes of its id. */
  private int partOf(ChunkId pack) {
    long prefix = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      prefix = prefix << 8 | (pack.byteAt(i) & 0xff);
    }
    return (int) Long.remainderUnsigned(prefix, parts);
  }

  @Override
  public String toString() {
    return isShare() ? String.format(Locale.ROOT, "%s%%", percent) : part + "/" + parts;
  }
}
