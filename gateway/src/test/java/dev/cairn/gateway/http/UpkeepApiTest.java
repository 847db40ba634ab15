package dev.cairn.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.Addresses;
import dev.cairn.common.message.MaintenanceMessages.Lock;
import dev.cairn.common.message.MaintenanceMessages.Unlock;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository held by a real {@code serve}, kept through the jobs API alone: forget, prune and
 * checks of parts of the data, each step observed on disk and in the job's JSON. One repository of
 * three snapshots is made for the class and only read; a test that forgets or prunes makes its own.
 */
@DisplayName("Upkeep through the jobs API")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpkeepApiTest {
  private static final int MIB = 1 << 20;

  /** Three snapshots, none forgotten; tests only read it. */
  private Upkept shared;

  @BeforeAll
  void serve(@TempDir Path dir) throws IOException {
    shared = new Upkept(dir);
  }

  @AfterAll
  void stop() {
    shared.close();
  }

  /**
   * Upkept is a real {@code serve} on a repository of three snapshots of one source: a file in
   * all of them, and one file of 3 MiB each generation replaces.
   */
  private static final class Upkept implements AutoCloseable {
    final Path work;
    final Path repo;
    final Path source;
    final Served api;
    /** The snapshots written, oldest first. */
    final List<String> snapshots = new ArrayList<>();

    Upkept(Path dir) throws IOException {
      work = dir;
      repo = work.resolve("repo");
      source = Files.createDirectories(work.resolve("src"));
      api = new Served(repo);
      Random random = new Random(5);
      Files.write(source.resolve("shared.bin"), bytes(random, MIB));
      Files.writeString(source.resolve("notes.txt"), "kept in every snapshot\n");
      for (int generation = 1; generation <= 3; generation++) {
        try (Stream<Path> old = Files.list(source)) {
          for (Path p : old.filter(p -> p.getFileName().toString().startsWith("gen-")).toList()) {
            Files.delete(p);
          }
        }
        Files.write(source.resolve("gen-" + generation + ".bin"), bytes(random, 3 * MIB));
        JsonObject done = run(new JsonObject().put("type", "backup").put("paths", new JsonArray().add(source.toString())));
        assertThat(done.getString("state")).as(done.encode()).isEqualTo("succeeded");
        snapshots.add(done.getString("snapshot"));
      }
    }

    /** The repository with its two older snapshots forgotten, and its own server. */
    static Upkept forgotten(Path dir) throws IOException {
      Upkept kept = new Upkept(dir);
      JsonObject forget = kept.run(new JsonObject().put("type", "forget").put("keepLast", 1));
      assertThat(forget.getString("state")).as(forget.encode()).isEqualTo("succeeded");
      return kept;
    }

    /** The repository with its two older snapshots forgotten and their data pruned, and its own server. */
    static Upkept pruned(Path dir) throws IOException {
      Upkept kept = forgotten(dir);
      JsonObject prune = kept.run(new JsonObject().put("type", "prune"));
      assertThat(prune.getString("state")).as(prune.encode()).isEqualTo("succeeded");
      assertThat(prune.getJsonObject("prune").getLong("bytesFreed")).isGreaterThan(3L * MIB);
      return kept;
    }

    /** Starts a job, which must be accepted, and returns it once ended. */
    JsonObject run(JsonObject request) {
      var response = api.post("/api/jobs", request);
      assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(202);
      return api.ended(response.bodyAsJsonObject().getString("id"));
    }

    /** Every file of the repository, by path, with the hash of its content. */
    Map<String, String> repositoryFiles() {
      try (Stream<Path> files = Files.walk(repo)) {
        Map<String, String> described = new TreeMap<>();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          described.put(repo.relativize(f).toString(), HexFormat.of().formatHex(sha.digest(Files.readAllBytes(f))));
        }
        return described;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (NoSuchAlgorithmException e) {
        throw new AssertionError(e);
      }
    }

    long packBytesOnDisk() throws IOException {
      try (Stream<Path> files = Files.walk(repo.resolve("packs"))) {
        long total = 0;
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          total += Files.size(f);
        }
        return total;
      }
    }

    @Override
    public void close() {
      api.close();
    }
  }

  private static byte[] bytes(Random random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static List<String> ids(JsonArray listed) {
    return listed.stream().map(s -> ((JsonObject) s).getString("id")).toList();
  }

  @Test
  @DisplayName("a dry-run forget names the snapshots keepLast would remove and changes no file")
  void dryRunForget() {
    Upkept u = shared;
    Map<String, String> before = u.repositoryFiles();
    JsonObject job = u.run(new JsonObject().put("type", "forget").put("keepLast", 1).put("dryRun", true));
    assertThat(job.getString("state")).as(job.encode()).isEqualTo("succeeded");
    JsonObject report = job.getJsonObject("forget");
    assertThat(report.getBoolean("dryRun")).isTrue();
    assertThat(ids(report.getJsonArray("removed"))).containsExactly(u.snapshots.get(0), u.snapshots.get(1));
    assertThat(u.repositoryFiles()).isEqualTo(before);
  }

  @Test
  @DisplayName("a forget with keepLast 1 removes the two older snapshots and names them, and why the newest stays")
  void forget(@TempDir Path dir) throws IOException {
    try (Upkept u = new Upkept(dir)) {
      JsonObject job = u.run(new JsonObject().put("type", "forget").put("keepLast", 1));
      assertThat(job.getString("state")).as(job.encode()).isEqualTo("succeeded");
      assertThat(job.getJsonObject("request").getInteger("keepLast")).isEqualTo(1);
      JsonObject report = job.getJsonObject("forget");
      assertThat(report.getBoolean("dryRun")).isFalse();
      assertThat(ids(report.getJsonArray("removed"))).containsExactly(u.snapshots.get(0), u.snapshots.get(1));
      JsonObject kept = report.getJsonArray("kept").getJsonObject(0);
      assertThat(kept.getString("id")).isEqualTo(u.snapshots.get(2));
      assertThat(kept.getJsonArray("reasons").getList()).containsExactly("last");
      assertThat(ids(u.api.get("/api/snapshots").bodyAsJsonObject().getJsonArray("snapshots")))
          .containsExactly(u.snapshots.get(2));
    }
  }

  @Test
  @DisplayName("a dry-run prune says what it would free and changes no file")
  void dryRunPrune(@TempDir Path dir) throws IOException {
    try (Upkept u = Upkept.forgotten(dir)) {
      Map<String, String> before = u.repositoryFiles();
      JsonObject job = u.run(new JsonObject().put("type", "prune").put("dryRun", true));
      assertThat(job.getString("state")).as(job.encode()).isEqualTo("succeeded");
      JsonObject report = job.getJsonObject("prune");
      assertThat(report.getBoolean("dryRun")).isTrue();
      assertThat(report.getJsonArray("removed").size() + report.getJsonArray("repacked").size()).isPositive();
      assertThat(report.getLong("bytesBefore")).isEqualTo(u.packBytesOnDisk());
      assertThat(report.getLong("bytesFreed")).isGreaterThan(3L * MIB);
      assertThat(u.repositoryFiles()).isEqualTo(before);
    }
  }

  @Test
  @DisplayName("a prune waits for a job's lease, a backup meanwhile fails saying why, and the prune then frees the space")
  void pruneWaitsForLeases(@TempDir Path dir) throws IOException {
    try (Upkept u = Upkept.forgotten(dir)) {
      Vertx node = u.api.server.node().vertx();
      Served.await(node.eventBus().request(Addresses.STORE_LOCK, new Lock("elsewhere", false)));
      long before = u.packBytesOnDisk();
      var accepted = u.api.post("/api/jobs", new JsonObject().put("type", "prune"));
      assertThat(accepted.statusCode()).as(accepted.bodyAsString()).isEqualTo(202);
      String prune = accepted.bodyAsJsonObject().getString("id");

      var second = u.api.post("/api/jobs", new JsonObject().put("type", "prune"));
      assertThat(second.statusCode()).isEqualTo(409);
      assertThat(second.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("job_conflict");
      assertThat(second.bodyAsJsonObject().getJsonObject("error").getString("message")).contains(prune);

      JsonObject backup = u.run(new JsonObject().put("type", "backup").put("paths", new JsonArray().add(u.source.toString())));
      assertThat(backup.getString("state")).isEqualTo("failed");
      assertThat(backup.getString("error")).contains("a prune is removing unused data");
      JsonObject waiting = u.api.get("/api/jobs/" + prune).bodyAsJsonObject();
      assertThat(waiting.getString("state")).isEqualTo("running");
      assertThat(waiting.getString("phase")).isEqualTo("pruning");

      Served.await(node.eventBus().request(Addresses.STORE_UNLOCK, new Unlock("elsewhere")));
      JsonObject job = u.api.ended(prune);
      assertThat(job.getString("state")).as(job.encode()).isEqualTo("succeeded");
      JsonObject report = job.getJsonObject("prune");
      assertThat(report.getBoolean("dryRun")).isFalse();
      assertThat(report.getLong("bytesBefore")).isEqualTo(before);
      assertThat(report.getLong("bytesAfter")).isEqualTo(u.packBytesOnDisk());
      assertThat(report.getLong("bytesFreed")).isEqualTo(before - u.packBytesOnDisk()).isGreaterThan(3L * MIB);
    }
  }

  @Test
  @DisplayName("after the prune, a check reading all data is clean and the remaining snapshot restores byte for byte")
  void checkAndRestoreAfterPrune(@TempDir Path dir) throws IOException {
    try (Upkept u = Upkept.pruned(dir)) {
      JsonObject check = u.run(new JsonObject().put("type", "check").put("readData", true));
      assertThat(check.getString("state")).as(check.encode()).isEqualTo("succeeded");
      assertThat(check.getJsonObject("check").getJsonArray("problems")).isEmpty();
      assertThat(check.getJsonObject("check").getInteger("packsRead"))
          .isEqualTo(check.getJsonObject("check").getInteger("packs"));

      Path target = u.work.resolve("restored");
      JsonObject restore = u.run(new JsonObject().put("type", "restore").put("snapshot", u.snapshots.get(2))
          .put("target", target.toString()));
      assertThat(restore.getString("state")).as(restore.encode()).isEqualTo("succeeded");
      Path restored = target.resolve(u.source.toString().substring(1));
      try (Stream<Path> listed = Files.list(restored)) {
        assertThat(listed.map(p -> p.getFileName().toString()).sorted())
            .containsExactly("gen-3.bin", "notes.txt", "shared.bin");
      }
      for (String name : List.of("gen-3.bin", "notes.txt", "shared.bin")) {
        assertThat(Files.mismatch(u.source.resolve(name), restored.resolve(name))).as(name).isEqualTo(-1);
      }
    }
  }

  @Test
  @DisplayName("checks of parts 1/2 and 2/2 read every pack once between them")
  void checksInParts() {
    Upkept u = shared;
    JsonObject first = u.run(new JsonObject().put("type", "check").put("readDataSubset", "1/2"));
    JsonObject second = u.run(new JsonObject().put("type", "check").put("readDataSubset", "2/2"));
    for (JsonObject job : List.of(first, second)) {
      assertThat(job.getString("state")).as(job.encode()).isEqualTo("succeeded");
      assertThat(job.getJsonObject("request").getBoolean("readData")).isTrue();
    }
    int packs = first.getJsonObject("check").getInteger("packs");
    assertThat(packs).isGreaterThan(1);
    assertThat(first.getJsonObject("check").getInteger("packsRead") + second.getJsonObject("check").getInteger("packsRead"))
        .isEqualTo(packs);
  }

  @Test
  @DisplayName("a check of a share shows the seed that chose its packs, and the same seed reads the same share again")
  void checkOfShare() {
    Upkept u = shared;
    JsonObject drawn = u.run(new JsonObject().put("type", "check").put("readDataSubset", "50%"));
    assertThat(drawn.getString("state")).as(drawn.encode()).isEqualTo("succeeded");
    Long seed = drawn.getJsonObject("request").getLong("seed");
    assertThat(seed).isNotNull();
    JsonObject again = u.run(new JsonObject().put("type", "check").put("readDataSubset", "50%").put("seed", seed));
    JsonObject report = drawn.getJsonObject("check");
    assertThat(report.getInteger("packsRead")).isEqualTo((report.getInteger("packs") + 1) / 2);
    assertThat(again.getJsonObject("check").getLong("bytesRead")).isEqualTo(report.getLong("bytesRead"));
  }
}
