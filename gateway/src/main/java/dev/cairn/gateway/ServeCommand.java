package dev.cairn.gateway;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** ServeCommand runs a node with every role and the web gateway until it is told to stop. */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {
      "Run a node as a service: every role, plus the web gateway: the page at /, the JSON API under /api, "
          + "health probes at /health/live and /health/ready, and Prometheus metrics at /metrics.",
      "Creates REPO if it does not exist. Stops cleanly on SIGTERM or Ctrl-C: running jobs are cancelled "
          + "(a cancelled backup commits nothing) and the store seals what it holds, within about a minute at most.",
      "The gateway has no authentication: keep it on 127.0.0.1, or behind a proxy that checks who calls."
    })
final class ServeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin RepositoryOptions options;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080", description = "The TCP port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "The address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
  String host;

  @Override
  public Integer call() throws InterruptedException {
    CairnServer server = CairnServer.start(options.repository(), host, port);
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      err.println("cairn: stopping");
      err.flush();
      try {
        server.close();
        err.println("cairn: stopped");
      } catch (RuntimeException e) {
        err.println("cairn: stopped uncleanly: " + e.getMessage());
      } finally {
        err.flush();
        stopped.countDown();
      }
    }, "cairn-stop"));
    out.println("cairn: serving " + options.repository() + " at " + server.url());
    out.flush();
    stopped.await();
    return 0;
  }
}
