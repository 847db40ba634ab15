package dev.cairn.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.gateway.http.GatewayTls;
import dev.cairn.gateway.tls.PemFiles;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn serve} as a process: HTTPS with a kept self-signed certificate, and no plain HTTP off loopback. */
@DisplayName("The gateway's TLS")
class GatewayTlsTest {
  private static final Pattern FINGERPRINT = Pattern.compile("TLS certificate SHA-256 fingerprint ([0-9A-F:]{95})");
  @TempDir Path work;
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stop() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly().waitFor();
    }
  }

  @Test
  @DisplayName("with --tls answers HTTPS with a certificate whose fingerprint is the one it printed, and keeps it across starts")
  void selfSignedCertificateIsPrintedAndKept() throws Exception {
    Path state = work.resolve("state");
    assertThat(Cli.run("init", "--repo", work.resolve("repo").toString()).exitCode()).isZero();
    int port = freePort();
    Process first = serve("first", "--repo", work.resolve("repo").toString(), "--tls", "--state-dir", state.toString(),
        "--port", String.valueOf(port));
    String printed = awaitLine(first, "first", FINGERPRINT);
    assertThat(served(port, printed)).as("what GET /health/live over HTTPS answers").isEqualTo(200);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve(GatewayTls.KEY))))
        .isEqualTo("rw-------");
    first.destroy();
    first.waitFor();

    Process second = serve("second", "--repo", work.resolve("repo").toString(), "--tls", "--state-dir", state.toString(),
        "--port", String.valueOf(port));
    assertThat(awaitLine(second, "second", FINGERPRINT)).as("the fingerprint a second start prints").isEqualTo(printed);
    assertThat(served(port, printed)).isEqualTo(200);
    assertThat(awaitLine(second, "second", Pattern.compile("serving .* at (https://\\S+)"))).startsWith("https://127.0.0.1:");
  }

  @Test
  @DisplayName("refuses plain HTTP on 0.0.0.0 in one line naming --insecure, and serves it when told --insecure")
  void plainHttpOffLoopbackNeedsInsecure() throws Exception {
    Cli.Result refused = Cli.run("serve", "--repo", work.resolve("repo").toString(), "--host", "0.0.0.0",
        "--state-dir", work.resolve("state").toString());
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err().strip()).doesNotContain("\n").contains("--insecure", "--tls");
    assertThat(Files.exists(work.resolve("repo"))).as("nothing was started").isFalse();

    assertThat(Cli.run("init", "--repo", work.resolve("repo").toString()).exitCode()).isZero();
    int port = freePort();
    Process insecure = serve("insecure", "--repo", work.resolve("repo").toString(), "--host", "0.0.0.0", "--insecure",
        "--state-dir", work.resolve("state").toString(), "--port", String.valueOf(port));
    awaitLine(insecure, "insecure", Pattern.compile("(serving)"));
    HttpResponse<Void> live = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + port + "/health/live")).build(), HttpResponse.BodyHandlers.discarding());
    assertThat(live.statusCode()).isEqualTo(200);
  }

  /** GETs /health/live over HTTPS, trusting only a certificate whose fingerprint is {@code fingerprint}. */
  private static int served(int port, String fingerprint) throws Exception {
    AtomicReference<String> seen = new AtomicReference<>();
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        seen.set(PemFiles.fingerprint(chain[0]));
        if (!fingerprint.equals(seen.get())) {
          throw new CertificateException("fingerprint " + seen.get() + ", not " + fingerprint);
        }
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    HttpClient client = HttpClient.newBuilder().sslContext(context).connectTimeout(Duration.ofSeconds(30)).build();
    HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/health/live"))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.discarding());
    assertThat(seen.get()).isEqualTo(fingerprint);
    return response.statusCode();
  }

  private Process serve(String name, String... args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "--add-opens", "java.base/sun.nio.fs=ALL-UNNAMED"));
    command.addAll(TestPassword.CHEAP_KDF);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), CairnCommand.class.getName(), "serve"));
    command.addAll(List.of(args));
    Process process = TestPassword.given(new ProcessBuilder(command)).redirectErrorStream(true)
        .redirectOutput(work.resolve(name + ".log").toFile()).start();
    processes.add(process);
    return process;
  }

  /** Waits for {@code process} to print a line {@code pattern} finds; returns its first group. */
  private String awaitLine(Process process, String name, Pattern pattern) throws Exception {
    long deadline = System.nanoTime() + ClusterProcesses.PATIENCE.toNanos();
    Path log = work.resolve(name + ".log");
    while (System.nanoTime() < deadline) {
      Matcher m = pattern.matcher(Files.readString(log, StandardCharsets.UTF_8));
      if (m.find()) {
        return m.group(1);
      }
      assertThat(process.isAlive()).as(name + " runs: " + Files.readString(log, StandardCharsets.UTF_8)).isTrue();
      Thread.sleep(100);
    }
    throw new AssertionError(name + " printed no " + pattern + ": " + Files.readString(log, StandardCharsets.UTF_8));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
