package dev.cairn.gateway.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PemFiles reads and writes certificates and PKCS#8 private keys as PEM, the form Vert.x, the JDK
 * and cert-manager share. Keys and secrets are written readable by their owner only, and never
 * over an existing file.
 */
public final class PemFiles {
  /** Owner read and write: the mode of every key and secret file. */
  public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");

  private PemFiles() {}

  /** Writes {@code certificate} to {@code file}, world-readable: a certificate is no secret. */
  public static void writeCertificate(Path file, X509Certificate certificate) {
    try {
      write(file, pem("CERTIFICATE", certificate.getEncoded()), false);
    } catch (CertificateException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code key} to {@code file} as PKCS#8, mode 0600. */
  public static void writeKey(Path file, PrivateKey key) {
    write(file, pem("PRIVATE KEY", key.getEncoded()), true);
  }

  /** Writes {@code bytes} to a new {@code file}, mode 0600 when {@code secret}; an existing file fails. */
  public static void write(Path file, byte[] bytes, boolean secret) {
    try {
      if (secret) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        Files.write(file, bytes, StandardOpenOption.TRUNCATE_EXISTING);
      } else {
        Files.write(file, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      }
    } catch (FileAlreadyExistsException e) {
      throw new IllegalArgumentException(file + " already exists; move it away first");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** The first certificate in the PEM file {@code file}. */
  public static X509Certificate readCertificate(Path file) {
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block(file, "CERTIFICATE")));
    } catch (CertificateException e) {
      throw new IllegalArgumentException(file + " holds no readable certificate: " + e.getMessage());
    }
  }

  /** The PKCS#8 private key in the PEM file {@code file}, of algorithm {@code algorithm}. */
  public static PrivateKey readKey(Path file, String algorithm) {
    try {
      return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(block(file, "PRIVATE KEY")));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(file + " holds no readable " + algorithm + " private key");
    }
  }

  /** The SHA-256 fingerprint of {@code certificate}, as colon-separated upper-case hex pairs. */
  public static String fingerprint(X509Certificate certificate) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] block(Path file, String type) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
    }
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      if (m.group(1).equals(type)) {
        return Base64.getMimeDecoder().decode(m.group(2));
      }
    }
    throw new IllegalArgumentException(file + " holds no PEM " + type);
  }

  private static byte[] pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n").getBytes(StandardCharsets.US_ASCII);
  }
}
