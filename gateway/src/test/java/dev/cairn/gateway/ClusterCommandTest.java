package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.gateway.cluster.ClusterTrust;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn cluster ca} and {@code cairn cluster cert}, held against Vert.x's own TLS: the
 * files they write make the mutual TLS the event bus speaks (the same options, on a plain TCP
 * server and client), between nodes of one authority and not with another's.
 */
@DisplayName("cairn cluster ca and cluster cert")
class ClusterCommandTest {
  @TempDir Path work;
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(30, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("write keys and the cluster secret readable by their owner only, and certificates anyone may read")
  void keysAreOwnerOnly() throws Exception {
    ClusterProcesses.makeAuthority(work, "store-1");
    for (Path secret : List.of(work.resolve("ca/ca-key.pem"), work.resolve("ca/cluster.secret"),
        work.resolve("store-1/store-1-key.pem"), work.resolve("store-1/cluster.secret"))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret))).as(secret.toString())
          .isEqualTo("rw-------");
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("store-1/store-1.pem"))))
        .startsWith("rw-r");
    assertThat(Files.readString(work.resolve("store-1/ca.pem"))).isEqualTo(Files.readString(work.resolve("ca/ca.pem")));
  }

  @Test
  @DisplayName("refuse to overwrite an authority, in one line")
  void keepsAnExistingAuthority() {
    ClusterProcesses.makeAuthority(work, "n");
    Cli.Result again = Cli.run("cluster", "ca", "--out", work.resolve("ca").toString());
    assertThat(again.exitCode()).isNotZero();
    assertThat(again.err().strip()).doesNotContain("\n").contains("already exists");
  }

  @Test
  @DisplayName("refuse a subject alternative name that is neither a host name nor an IP address")
  void refusesABadName() {
    ClusterProcesses.makeAuthority(work, "n");
    Cli.Result bad = Cli.run("cluster", "cert", "m", "--ca", work.resolve("ca").toString(), "--out",
        work.resolve("m").toString(), "--san", "no such name");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("--san").doesNotContain("Exception");
  }

  @Test
  @DisplayName("make certificates two nodes of one authority speak mutual TLS with, and a node of another cannot")
  void certificatesMakeMutualTls() throws Exception {
    Path ours = ClusterProcesses.makeAuthority(work.resolve("ours"), "a");
    // A second node of our authority: cluster cert signs it with the same CA.
    Cli.Result b = Cli.run("cluster", "cert", "b", "--ca", ours.resolve("ca").toString(), "--out",
        ours.resolve("b").toString(), "--san", "127.0.0.1");
    assertThat(b.exitCode()).as(b.err()).isZero();
    Path theirs = ClusterProcesses.makeAuthority(work.resolve("theirs"), "x");

    NetServer server = vertx.createNetServer(new NetServerOptions(options(ours, "a").toJson()))
        .connectHandler(socket -> socket.handler(socket::write));
    int port = server.listen(0, "127.0.0.1").await(30, TimeUnit.SECONDS).actualPort();

    assertThat(echo(options(ours, "b"), port).succeeded()).as("a node of our authority").isTrue();
    assertThat(echo(options(theirs, "x"), port).succeeded()).as("a node of another authority").isFalse();
    assertThat(echo(new EventBusOptions().setSsl(true).setTrustAll(true), port).succeeded())
        .as("a client without a certificate").isFalse();
  }

  private static EventBusOptions options(Path dir, String node) {
    List<String> flags = ClusterProcesses.trustFlags(dir, node);
    return ClusterTrust.of(Path.of(flags.get(1)), Path.of(flags.get(3)), Path.of(flags.get(5)), Path.of(flags.get(7)))
        .secure(new EventBusOptions());
  }

  /** Connects with {@code options} as the event bus would, sends a line and waits for it back. */
  private Future<String> echo(EventBusOptions options, int port) {
    NetClientOptions client = new NetClientOptions(options.toJson()).setHostnameVerificationAlgorithm("");
    Future<String> answer = vertx.createNetClient(client).connect(port, "127.0.0.1").compose(this::roundTrip);
    try {
      answer.await(30, TimeUnit.SECONDS);
    } catch (Exception failed) {
      // The outcome is the future's.
    }
    return answer;
  }

  private Future<String> roundTrip(NetSocket socket) {
    io.vertx.core.Promise<String> echoed = io.vertx.core.Promise.promise();
    socket.handler(buffer -> echoed.tryComplete(buffer.toString()));
    socket.closeHandler(v -> echoed.tryFail("closed before answering"));
    socket.exceptionHandler(echoed::tryFail);
    socket.write("hello\n");
    return echoed.future();
  }
}
