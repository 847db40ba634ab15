package dev.cairn.scanner;

import static dev.cairn.scanner.ScannerFixtures.ALPHA;
import static dev.cairn.scanner.ScannerFixtures.BAD_NAME;
import static dev.cairn.scanner.ScannerFixtures.BRAVO;
import static dev.cairn.scanner.ScannerFixtures.CHARLIE;
import static dev.cairn.scanner.ScannerFixtures.LINK_TARGET;
import static dev.cairn.scanner.ScannerFixtures.ODD;
import static dev.cairn.scanner.ScannerFixtures.ask;
import static dev.cairn.scanner.ScannerFixtures.deployScanner;
import static dev.cairn.scanner.ScannerFixtures.raw;
import static dev.cairn.scanner.ScannerFixtures.sourceTree;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.Addresses;
import dev.cairn.common.ContentHash;
import dev.cairn.common.RawPaths;
import dev.cairn.common.message.ScannerMessages.Backup;
import dev.cairn.common.message.ScannerMessages.ListTree;
import dev.cairn.common.message.ScannerMessages.ListedEntry;
import dev.cairn.common.message.ScannerMessages.Listing;
import dev.cairn.common.message.Progress;
import dev.cairn.common.message.Snapshot;
import dev.cairn.common.tree.Node;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The scanner verticle")
@ExtendWith(VertxExtension.class)
class ScannerVerticleTest {
  @TempDir Path base;
  private Path src;
  private InMemoryStore store;

  @BeforeEach
  void setUp(Vertx vertx, VertxTestContext ctx) throws Exception {
    src = sourceTree(base);
    deployScanner(vertx).onComplete(ctx.succeeding(s -> {
      store = s;
      ctx.completeNow();
    }));
  }

  private static Future<Snapshot> backup(Vertx vertx, String jobId, Path... sources) {
    List<String> paths = Arrays.stream(sources).map(Path::toString).toList();
    return ask(vertx, Addresses.SCANNER_BACKUP, new Backup(jobId, paths, "test-host"));
  }

  private List<String> names(Node dir) {
    return store.entries(dir.subtree()).stream().map(n -> raw(n.name())).toList();
  }

  @Test
  @DisplayName("backs up a tree into one snapshot that holds the source at its absolute location")
  void backsUpATree(Vertx vertx, VertxTestContext ctx) {
    backup(vertx, "job-tree", src).onComplete(ctx.succeeding(snapshot -> ctx.verify(() -> {
      assertThat(store.snapshots()).containsExactly(snapshot);
      assertThat(snapshot.id()).isNotNull();
      assertThat(snapshot.host()).isEqualTo("test-host");
      assertThat(snapshot.paths()).containsExactly(src.toString());
      assertThat(store.entries(snapshot.tree())).extracting(n -> raw(n.name()))
          .containsExactly(src.getName(0).toString());

      Node root = store.at(snapshot.tree(), src);
      assertThat(root.kind()).isEqualTo(Node.Kind.DIRECTORY);
      assertThat(names(root)).containsExactly("a.txt", raw(BAD_NAME), "docs", "empty", "fifo", "link");
      assertThat(names(store.at(snapshot.tree(), src.resolve("docs")))).containsExactly("b.txt", "deep");
      assertThat(names(store.at(snapshot.tree(), src.resolve("docs/deep")))).containsExactly("c.bin");
      assertThat(names(store.at(snapshot.tree(), src.resolve("empty")))).isEmpty();

      Node alpha = store.at(snapshot.tree(), src.resolve("a.txt"));
      assertThat(alpha.kind()).isEqualTo(Node.Kind.FILE);
      assertThat(alpha.size()).isEqualTo(ALPHA.length);
      assertThat(alpha.chunks()).containsExactly(ContentHash.blake3().hash(ALPHA));
      Node odd = store.at(snapshot.tree(), RawPaths.resolve(src, BAD_NAME));
      assertThat(store.get(odd.chunks().get(0))).isEqualTo(ODD);
      Node link = store.at(snapshot.tree(), src.resolve("link"));
      assertThat(link.kind()).isEqualTo(Node.Kind.SYMLINK);
      assertThat(link.linkTarget()).isEqualTo(LINK_TARGET.getBytes());

      assertThat(snapshot.skipped()).singleElement().asString()
          .contains(src.resolve("socket").toString()).containsIgnoringCase("socket");
      assertThat(store.at(snapshot.tree(), src.resolve("fifo")).kind()).isEqualTo(Node.Kind.FIFO);
      assertThat(snapshot.errors()).isEmpty();
      Snapshot.Totals totals = snapshot.totals();
      assertThat(totals.files()).isEqualTo(4);
      assertThat(totals.bytes()).isEqualTo(ALPHA.length + ODD.length + BRAVO.length + CHARLIE.length);
      // src, docs, deep and empty, and every directory on the way down to src.
      assertThat(totals.directories()).isEqualTo(4 + src.getNameCount() - 1);
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("keeps two sources that share a parent under one directory, with nothing else in it")
  void sharedParent(Vertx vertx, VertxTestContext ctx) {
    backup(vertx, "job-two", src.resolve("docs"), src.resolve("a.txt"))
        .onComplete(ctx.succeeding(snapshot -> ctx.verify(() -> {
          assertThat(store.entries(snapshot.tree())).hasSize(1);
          Node parent = store.at(snapshot.tree(), src);
          assertThat(names(parent)).containsExactly("a.txt", "docs");
          assertThat(parent.mode()).isEqualTo((Integer) Files.getAttribute(src, "unix:mode") & 07777);
          assertThat(names(store.at(snapshot.tree(), src.resolve("docs")))).containsExactly("b.txt", "deep");
          assertThat(snapshot.totals().files()).isEqualTo(3);
          assertThat(snapshot.skipped()).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("backs up a source reached through a linked directory at its real location")
  void sourceUnderLinkedDirectory(Vertx vertx, VertxTestContext ctx) throws Exception {
    Path alias = Files.createSymbolicLink(src.resolveSibling("alias"), src);
    backup(vertx, "job-alias", alias.resolve("docs"))
        .onComplete(ctx.succeeding(snapshot -> ctx.verify(() -> {
          assertThat(snapshot.paths()).containsExactly(src.resolve("docs").toString());
          assertThat(names(store.at(snapshot.tree(), src.resolve("docs")))).containsExactly("b.txt", "deep");
          assertThat(snapshot.totals().files()).isEqualTo(2);
          assertThat(snapshot.errors()).isEmpty();
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("commits what it could and names a source path that does not exist in the errors")
  void missingSource(Vertx vertx, VertxTestContext ctx) {
    Path missing = src.resolveSibling("no-such-dir");

    backup(vertx, "job-missing", src.resolve("a.txt"), missing)
        .onComplete(ctx.succeeding(snapshot -> ctx.verify(() -> {
          assertThat(snapshot.errors()).singleElement().asString().startsWith(missing + ": ");
          assertThat(store.at(snapshot.tree(), src.resolve("a.txt")).size()).isEqualTo(ALPHA.length);
          assertThat(snapshot.totals().files()).isEqualTo(1);
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("lists every entry of a snapshot with its absolute path, in tree order")
  void listsASnapshot(Vertx vertx, VertxTestContext ctx) {
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= src.getNameCount(); i++) {
      expected.add(raw(src.getRoot().resolve(src.subpath(0, i))));
    }
    for (String name : List.of("a.txt", "bad", "docs", "docs/b.txt", "docs/deep", "docs/deep/c.bin", "empty", "fifo",
        "link")) {
      expected.add(name.equals("bad") ? raw(RawPaths.resolve(src, BAD_NAME)) : raw(src.resolve(name)));
    }

    backup(vertx, "job-list", src)
        .compose(snapshot -> Future.all(
            ask(vertx, Addresses.SCANNER_LIST, new ListTree(snapshot.id().hex(), "/")),
            ask(vertx, Addresses.SCANNER_LIST, new ListTree(snapshot.id().hex(), src.resolve("docs").toString()))))
        .onComplete(ctx.succeeding(both -> ctx.verify(() -> {
          Listing all = both.resultAt(0);
          Listing docs = both.resultAt(1);
          assertThat(all.entries()).extracting(e -> raw(e.path())).containsExactlyElementsOf(expected);
          ListedEntry charlie = all.entries().get(expected.indexOf(raw(src.resolve("docs/deep/c.bin"))));
          assertThat(charlie.node().size()).isEqualTo(CHARLIE.length);
          assertThat(docs.entries()).extracting(e -> raw(e.path())).containsExactly(
              raw(src.resolve("docs")), raw(src.resolve("docs/b.txt")), raw(src.resolve("docs/deep")),
              raw(src.resolve("docs/deep/c.bin")));
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("publishes the progress of a backup under its job id, totals only growing, ending with its outcome")
  void publishesProgress(Vertx vertx, VertxTestContext ctx) {
    List<Progress> events = new CopyOnWriteArrayList<>();
    Promise<Progress> done = Promise.promise();
    vertx.eventBus().<Progress>consumer(Addresses.SCANNER_PROGRESS, m -> {
      events.add(m.body());
      if (m.body().finished()) {
        done.tryComplete(m.body());
      }
    }).completion()
        .compose(v -> backup(vertx, "job-progress", src))
        .compose(snapshot -> done.future().map(last -> snapshot))
        .onComplete(ctx.succeeding(snapshot -> ctx.verify(() -> {
          assertThat(events).isNotEmpty().allSatisfy(p -> {
            assertThat(p.jobId()).isEqualTo("job-progress");
            assertThat(p.kind()).isEqualTo("backup");
          });
          for (int i = 1; i < events.size(); i++) {
            Progress.Counters before = events.get(i - 1).counters();
            Progress.Counters after = events.get(i).counters();
            assertThat(after.filesDone()).isGreaterThanOrEqualTo(before.filesDone());
            assertThat(after.bytesDone()).isGreaterThanOrEqualTo(before.bytesDone());
          }
          Progress last = events.get(events.size() - 1);
          assertThat(last.phase()).isEqualTo(Progress.DONE);
          assertThat(last.outcome()).isEqualTo(Progress.SUCCEEDED);
          assertThat(last.detail()).isEqualTo(snapshot.id().hex());
          assertThat(last.counters().walkDone()).isTrue();
          assertThat(last.counters().filesFound()).isEqualTo(4);
          assertThat(last.counters().filesTotal()).isEqualTo(4);
          assertThat(last.counters().filesDone()).isEqualTo(snapshot.totals().files());
          assertThat(last.counters().bytesDone()).isEqualTo(snapshot.totals().bytes());
          assertThat(last.counters().bytesRead()).isEqualTo(snapshot.totals().bytes());
          assertThat(last.counters().chunksNew()).isEqualTo(snapshot.totals().newBlobs());
          assertThat(last.counters().errors()).isZero();
          assertThat(last.rates().etaMillis()).isZero();
          ctx.completeNow();
        })));
  }
}
