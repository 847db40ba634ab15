package dev.cairn.scanner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.common.RawPaths;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** A source tree to back up, and a scanner deployed with an in-memory store and a stub hasher. */
final class ScannerFixtures {
  /** A file name that is not UTF-8. */
  /** The id of the node the test scanner runs on. */
  static final String NODE = "node-a";
  static final byte[] BAD_NAME = {'b', 'a', 'd', '-', (byte) 0xff};
  static final byte[] ALPHA = "alpha\n".getBytes(StandardCharsets.UTF_8);
  static final byte[] BRAVO = "bravo".getBytes(StandardCharsets.UTF_8);
  static final byte[] CHARLIE = randomBytes(100_000);
  static final byte[] ODD = "under an odd name".getBytes(StandardCharsets.UTF_8);
  static final String LINK_TARGET = "docs/b.txt";

  private static final DeliveryOptions PATIENT = new DeliveryOptions().setSendTimeout(60_000);

  private ScannerFixtures() {}

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    new Random(42).nextBytes(bytes);
    return bytes;
  }

  /**
   * Makes {@code base/src}, returns its path:
   *
   * <pre>
   * src/a.txt           alpha
   * src/bad-\xff        a name that is not UTF-8
   * src/docs/b.txt      bravo
   * src/docs/deep/c.bin 100 000 random bytes
   * src/empty/          an empty directory
   * src/fifo            a named pipe
   * src/socket          a Unix socket, which a backup skips
   * src/link            -> docs/b.txt
   * </pre>
   */
  static Path sourceTree(Path base) throws IOException, InterruptedException {
    Path src = Files.createDirectory(base.toRealPath().resolve("src"));
    Files.write(src.resolve("a.txt"), ALPHA);
    Files.write(RawPaths.resolve(src, BAD_NAME), ODD);
    Files.write(Files.createDirectories(src.resolve("docs")).resolve("b.txt"), BRAVO);
    Files.write(Files.createDirectories(src.resolve("docs/deep")).resolve("c.bin"), CHARLIE);
    Files.createDirectory(src.resolve("empty"));
    Files.createSymbolicLink(src.resolve("link"), Path.of(LINK_TARGET));
    Process mkfifo = new ProcessBuilder("mkfifo", src.resolve("fifo").toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).as("mkfifo exit status").isZero();
    try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      socket.bind(UnixDomainSocketAddress.of(src.resolve("socket"))); // the file stays once closed
    }
    return src;
  }

  /** Deploys the in-memory store, the stub hasher and a scanner; completes with the store. */
  static Future<InMemoryStore> deployScanner(Vertx vertx) {
    InMemoryStore store = new InMemoryStore();
    return vertx.deployVerticle(store)
        .compose(id -> vertx.deployVerticle(new StubHasher(store),
            new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)))
        .compose(id -> vertx.deployVerticle(new ScannerVerticle(ScannerOptions.onNode(NODE, 2, HasherCount.fixed(2)))))
        .map(id -> store);
  }

  /** Sends {@code request} to {@code address} and completes with the reply's body. */
  static <T> Future<T> ask(Vertx vertx, String address, Object request) {
    return vertx.eventBus().<T>request(address, request, PATIENT).map(Message::body);
  }

  /** Raw path bytes as a string with one character per byte, so names that are not UTF-8 compare exactly. */
  static String raw(byte[] path) {
    return new String(path, StandardCharsets.ISO_8859_1);
  }

  /** The raw bytes of {@code path}, one character per byte. */
  static String raw(Path path) {
    return raw(RawPaths.bytes(path));
  }
}
