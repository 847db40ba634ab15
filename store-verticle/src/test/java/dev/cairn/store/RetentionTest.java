package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.ChunkId;
import dev.cairn.common.message.MaintenanceMessages.ForgetReport;
import dev.cairn.common.message.MaintenanceMessages.KeepRules;
import dev.cairn.common.message.MaintenanceMessages.Kept;
import dev.cairn.common.message.Snapshot;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

@Label("Retention rules")
class RetentionTest {
  private static final ZoneId UTC = ZoneOffset.UTC;
  private static final Snapshot.Totals TOTALS = new Snapshot.Totals(1, 1, 1, 1, 1, 0);

  private static int serial;

  private static Snapshot snapshot(String host, String path, Instant time) {
    byte[] id = new byte[ChunkId.LENGTH];
    int n = ++serial;
    id[0] = (byte) (n >> 24);
    id[1] = (byte) (n >> 16);
    id[2] = (byte) (n >> 8);
    id[3] = (byte) n;
    return new Snapshot(ChunkId.of(id), time, host, List.of(path), ChunkId.of(new byte[ChunkId.LENGTH]), TOTALS,
        List.of());
  }

  private static Set<Snapshot> kept(ForgetReport report) {
    return report.kept().stream().map(Kept::snapshot).collect(Collectors.toSet());
  }

  @Provide
  Arbitrary<List<Snapshot>> snapshots() {
    Arbitrary<Snapshot> one = Combinators.combine(
        Arbitraries.of("alpha", "beta"),
        Arbitraries.of("/home", "/etc"),
        Arbitraries.longs().between(0, 400L * 24 * 3600)).as((host, path, seconds) ->
            snapshot(host, path, Instant.parse("2025-01-01T00:00:00Z").plusSeconds(seconds)));
    return one.list().ofMaxSize(60);
  }

  @Property
  @Label("keep-last N keeps exactly the N newest snapshots of each host and paths, and removes the others")
  void keepLastKeepsNewestPerGroup(@ForAll("snapshots") List<Snapshot> all, @ForAll @IntRange(min = 1, max = 10) int n) {
    ForgetReport report = Retention.decide(all, new KeepRules(n, 0, 0, 0), UTC, false);

    Set<Snapshot> expected = new HashSet<>();
    Map<String, List<Snapshot>> groups = all.stream().collect(Collectors.groupingBy(s -> s.host() + s.paths()));
    groups.values().forEach(g -> g.stream()
        .sorted(Comparator.comparing(Snapshot::time).thenComparing(Snapshot::id).reversed())
        .limit(n).forEach(expected::add));
    assertThat(kept(report)).isEqualTo(expected);
    assertThat(report.removed()).hasSize(all.size() - expected.size()).noneMatch(expected::contains);
    assertThat(report.kept()).allSatisfy(k -> assertThat(k.reasons()).containsExactly("last"));
  }

  @Property
  @Label("keep-daily N keeps the newest snapshot of each of the N latest days that have one, per group")
  void keepDailyKeepsNewestOfEachDay(@ForAll("snapshots") List<Snapshot> all, @ForAll @IntRange(min = 1, max = 30) int n) {
    ForgetReport report = Retention.decide(all, new KeepRules(0, n, 0, 0), UTC, false);

    Set<Snapshot> expected = new HashSet<>();
    Map<String, List<Snapshot>> groups = all.stream().collect(Collectors.groupingBy(s -> s.host() + s.paths()));
    for (List<Snapshot> group : groups.values()) {
      Map<LocalDate, Snapshot> newestOfDay = group.stream().collect(Collectors.toMap(
          s -> s.time().atZone(UTC).toLocalDate(), s -> s,
          (a, b) -> Comparator.comparing(Snapshot::time).thenComparing(Snapshot::id).compare(a, b) >= 0 ? a : b));
      newestOfDay.entrySet().stream().sorted(Map.Entry.<LocalDate, Snapshot>comparingByKey().reversed()).limit(n)
          .forEach(e -> expected.add(e.getValue()));
    }
    assertThat(kept(report)).isEqualTo(expected);
  }

  @Property
  @Label("every snapshot is either kept or removed, never both, and each group's newest stays under any rule")
  void keptAndRemovedPartitionTheSnapshots(@ForAll("snapshots") List<Snapshot> all,
      @ForAll @IntRange(max = 3) int last, @ForAll @IntRange(max = 3) int daily, @ForAll @IntRange(max = 3) int weekly,
      @ForAll @IntRange(min = 1, max = 3) int monthly) {
    ForgetReport report = Retention.decide(all, new KeepRules(last, daily, weekly, monthly), UTC, true);

    List<Snapshot> both = new ArrayList<>(report.removed());
    report.kept().forEach(k -> both.add(k.snapshot()));
    assertThat(both).containsExactlyInAnyOrderElementsOf(all);
    all.stream().collect(Collectors.groupingBy(s -> s.host() + s.paths())).values().forEach(g ->
        assertThat(kept(report)).contains(g.stream().max(Comparator.comparing(Snapshot::time)
            .thenComparing(Snapshot::id)).orElseThrow()));
  }

  @Example
  @Label("each kept snapshot names every rule that keeps it, and the removed ones are listed oldest first")
  void reasonsAreNamed() {
    Snapshot janFirst = snapshot("alpha", "/home", Instant.parse("2025-01-01T08:00:00Z"));
    Snapshot janEvening = snapshot("alpha", "/home", Instant.parse("2025-01-01T20:00:00Z"));
    Snapshot febMorning = snapshot("alpha", "/home", Instant.parse("2025-02-03T08:00:00Z"));
    Snapshot febEvening = snapshot("alpha", "/home", Instant.parse("2025-02-03T20:00:00Z"));
    Snapshot otherHost = snapshot("beta", "/home", Instant.parse("2024-06-01T08:00:00Z"));

    ForgetReport report = Retention.decide(List.of(febEvening, janFirst, otherHost, febMorning, janEvening),
        new KeepRules(1, 0, 0, 2), UTC, false);

    assertThat(report.kept()).containsExactly(
        new Kept(otherHost, List.of("last", "monthly")),
        new Kept(janEvening, List.of("monthly")),
        new Kept(febEvening, List.of("last", "monthly")));
    assertThat(report.removed()).containsExactly(janFirst, febMorning);
  }

  @Example
  @Label("days are counted in the time zone given: two snapshots on one UTC day may fall on two local days")
  void daysFollowTheZone() {
    Snapshot early = snapshot("alpha", "/home", Instant.parse("2025-03-10T02:00:00Z"));
    Snapshot late = snapshot("alpha", "/home", Instant.parse("2025-03-10T22:00:00Z"));

    assertThat(kept(Retention.decide(List.of(early, late), new KeepRules(0, 5, 0, 0), UTC, false)))
        .containsExactly(late);
    assertThat(kept(Retention.decide(List.of(early, late), new KeepRules(0, 5, 0, 0), ZoneId.of("America/New_York"),
        false))).containsExactlyInAnyOrder(early, late);
  }
}
