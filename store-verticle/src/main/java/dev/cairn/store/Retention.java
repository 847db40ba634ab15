package dev.cairn.store;

import dev.cairn.common.message.MaintenanceMessages.ForgetReport;
import dev.cairn.common.message.MaintenanceMessages.KeepRules;
import dev.cairn.common.message.MaintenanceMessages.Kept;
import dev.cairn.common.message.Snapshot;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Retention decides which snapshots {@code forget} keeps, by the rules restic uses: snapshots are
 * grouped by host and set of paths; in each group, newest first, {@code last} keeps the N newest,
 * and {@code daily}, {@code weekly} and {@code monthly} keep the newest snapshot of each of the last
 * N days, ISO weeks or months that have one. A snapshot any rule keeps stays.
 */
final class Retention {
  private Retention() {}

  /** Splits {@code snapshots} into kept (with the rules keeping each) and removed, both oldest first. */
  static ForgetReport decide(List<Snapshot> snapshots, KeepRules rules, ZoneId zone, boolean dryRun) {
    Map<Snapshot, List<String>> reasons = new LinkedHashMap<>();
    Map<String, List<Snapshot>> groups = new LinkedHashMap<>();
    for (Snapshot s : snapshots) {
      groups.computeIfAbsent(group(s), g -> new ArrayList<>()).add(s);
    }
    for (List<Snapshot> group : groups.values()) {
      group.sort(Comparator.comparing(Snapshot::time).thenComparing(Snapshot::id).reversed());
      keep(group, rules.last(), "last", s -> s.id(), reasons);
      keep(group, rules.daily(), "daily", s -> local(s, zone).toLocalDate(), reasons);
      keep(group, rules.weekly(), "weekly", s -> {
        ZonedDateTime t = local(s, zone);
        return t.get(IsoFields.WEEK_BASED_YEAR) * 100 + t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
      }, reasons);
      keep(group, rules.monthly(), "monthly", s -> local(s, zone).getYear() * 100 + local(s, zone).getMonthValue(),
          reasons);
    }
    List<Kept> kept = new ArrayList<>();
    List<Snapshot> removed = new ArrayList<>();
    List<Snapshot> oldestFirst = new ArrayList<>(snapshots);
    oldestFirst.sort(Comparator.comparing(Snapshot::time).thenComparing(Snapshot::id));
    for (Snapshot s : oldestFirst) {
      List<String> why = reasons.get(s);
      if (why == null) {
        removed.add(s);
      } else {
        kept.add(new Kept(s, why));
      }
    }
    return new ForgetReport(kept, removed, dryRun);
  }

  /** Keeps, newest first, the first snapshot of each of the first {@code count} buckets. */
  private static void keep(List<Snapshot> newestFirst, int count, String rule, Function<Snapshot, Object> bucket,
      Map<Snapshot, List<String>> reasons) {
    Object last = null;
    int left = count;
    for (Snapshot s : newestFirst) {
      if (left == 0) {
        return;
      }
      Object b = bucket.apply(s);
      if (!Objects.equals(b, last)) {
        reasons.computeIfAbsent(s, k -> new ArrayList<>()).add(rule);
        last = b;
        left--;
      }
    }
  }

  private static ZonedDateTime local(Snapshot s, ZoneId zone) {
    return s.time().atZone(zone);
  }

  /** Snapshots of one host over the same set of paths form one group. */
  private static String group(Snapshot s) {
    return s.host() + "\0" + String.join("\0", new TreeSet<>(s.paths()));
  }
}
