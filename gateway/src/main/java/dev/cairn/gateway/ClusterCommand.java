package dev.cairn.gateway;

import dev.cairn.gateway.cluster.ClusterSecret;
import dev.cairn.gateway.tls.Certificates;
import dev.cairn.gateway.tls.PemFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * ClusterCommand makes what a cluster needs to admit only its own nodes, for people without a
 * PKI: a certificate authority with the cluster secret ({@code cluster ca}), and node
 * certificates it signs ({@code cluster cert}). In Kubernetes, cert-manager is the usual source
 * of node certificates instead.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true,
    description = "Make the certificates and secret a cluster admits its nodes by (serve --cluster --cluster-ca ...).",
    subcommands = {ClusterCommand.Authority.class, ClusterCommand.NodeCertificate.class})
final class ClusterCommand implements Runnable {
  /** The authority's certificate, in the authority's directory and in each node's. */
  static final String CA_CERT = "ca.pem";
  /** The authority's key, mode 0600. */
  static final String CA_KEY = "ca-key.pem";
  /** The cluster secret, mode 0600. */
  static final String SECRET = "cluster.secret";

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CliFailure(2, "Missing a command: cluster ca or cluster cert");
  }

  /** {@code cairn cluster ca}: a new authority and cluster secret. */
  @Command(name = "ca", mixinStandardHelpOptions = true,
      description = {"Make a cluster's certificate authority (" + CA_CERT + ", " + CA_KEY + ") and its secret ("
          + SECRET + ") in DIR; the key and secret are readable by you only. Keep " + CA_KEY + " off the nodes."})
  static final class Authority implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Where to write them (made if missing).")
    Path out;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "cairn cluster",
        description = "The authority's name (default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() {
      directory(out);
      Certificates.Issued authority = Certificates.authority(name);
      PemFiles.writeKey(out.resolve(CA_KEY), authority.key());
      PemFiles.writeCertificate(out.resolve(CA_CERT), authority.certificate());
      ClusterSecret.create(out.resolve(SECRET));
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.println("cairn: made " + out.resolve(CA_CERT) + ", " + out.resolve(CA_KEY) + " and " + out.resolve(SECRET)
          + "; next: cairn cluster cert NODE --ca " + out + " --out DIR");
      stdout.flush();
      return 0;
    }
  }

  /** {@code cairn cluster cert}: a node's key and certificate, with the authority's certificate and the secret. */
  @Command(name = "cert", mixinStandardHelpOptions = true,
      description = {"Make NODE.pem and NODE-key.pem in DIR, signed by the authority in --ca, and copy " + CA_CERT
          + " and " + SECRET + " beside them: all a node needs to join."})
  static final class NodeCertificate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "NODE", description = "The node's name, also its first subject alternative name.")
    String node;

    @Option(names = "--ca", paramLabel = "DIR", required = true, description = "The directory cluster ca wrote.")
    Path ca;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "Where to write them (made if missing).")
    Path out;

    @Option(names = "--san", paramLabel = "NAME|IP", description = "A further host name or IP address of the node (repeatable).")
    List<String> alternativeNames = List.of();

    @Override
    public Integer call() throws IOException {
      if (!node.matches("[A-Za-z0-9._-]+")) {
        throw new CliFailure(2, "NODE is a name of letters, digits, dots, dashes and underscores, not \"" + node + "\"");
      }
      Certificates.Issued authority = new Certificates.Issued(PemFiles.readKey(ca.resolve(CA_KEY), "EC"),
          PemFiles.readCertificate(ca.resolve(CA_CERT)));
      if (!Files.isReadable(ca.resolve(SECRET))) {
        throw new CliFailure(1, "no cluster secret " + ca.resolve(SECRET) + " (cairn cluster ca makes one)");
      }
      Certificates.Issued issued;
      try {
        issued = Certificates.leaf(authority, node, alternativeNames);
      } catch (IllegalArgumentException e) {
        throw new CliFailure(2, "--san: " + e.getMessage());
      }
      directory(out);
      Path cert = out.resolve(node + ".pem");
      Path key = out.resolve(node + "-key.pem");
      PemFiles.writeKey(key, issued.key());
      PemFiles.writeCertificate(cert, issued.certificate());
      if (!Files.isSameFile(ca, out)) {
        Files.copy(ca.resolve(CA_CERT), out.resolve(CA_CERT), StandardCopyOption.REPLACE_EXISTING);
        Path secret = out.resolve(SECRET);
        Files.deleteIfExists(secret);
        PemFiles.write(secret, Files.readAllBytes(ca.resolve(SECRET)), true);
      }
      PrintWriter stdout = spec.commandLine().getOut();
      stdout.println("cairn: made " + cert + " and " + key + "; run the node with --cluster-ca " + out.resolve(CA_CERT)
          + " --cluster-cert " + cert + " --cluster-key " + key + " --cluster-secret " + out.resolve(SECRET));
      stdout.flush();
      return 0;
    }
  }

  private static void directory(Path dir) {
    try {
      if (!Files.isDirectory(dir)) {
        Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
    } catch (IOException e) {
      throw new CliFailure(1, "cannot make " + dir + ": " + e.getMessage());
    }
  }
}
