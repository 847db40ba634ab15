package dev.cairn.gateway.tls;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates makes the X.509 certificates cairn needs: a cluster's certificate authority, node
 * certificates it signs, and a self-signed server certificate. Keys are ECDSA on P-256, which
 * every JDK's TLS speaks; the JDK's own providers generate, sign and parse, BouncyCastle only
 * builds the certificate structure.
 */
public final class Certificates {
  /** How long a cluster's authority is valid. */
  public static final Duration AUTHORITY_LIFETIME = Duration.ofDays(3650);
  /** How long a node or server certificate is valid. */
  public static final Duration LEAF_LIFETIME = Duration.ofDays(825);
  private static final String SIGNATURE = "SHA256withECDSA";
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private Certificates() {}

  /** A key and the certificate of its public half. */
  public record Issued(PrivateKey key, X509Certificate certificate) {}

  /** A new certificate authority named {@code name}. */
  public static Issued authority(String name) {
    KeyPair pair = newKeyPair();
    X500Name subject = name(name);
    return new Issued(pair.getPrivate(), sign(builder(subject, subject, pair.getPublic(), AUTHORITY_LIFETIME, ext -> {
      ext.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      ext.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      ext.addExtension(Extension.subjectKeyIdentifier, false, utils().createSubjectKeyIdentifier(pair.getPublic()));
    }), pair.getPrivate()));
  }

  /**
   * A certificate for {@code name}, signed by {@code authority}, good for both ends of a TLS
   * connection, naming {@code name} and each of {@code alternativeNames} (host names or IP
   * addresses) as subject alternative names.
   */
  public static Issued leaf(Issued authority, String name, List<String> alternativeNames) {
    KeyPair pair = newKeyPair();
    X500Name issuer = X500Name.getInstance(authority.certificate().getSubjectX500Principal().getEncoded());
    return new Issued(pair.getPrivate(), sign(builder(issuer, name(name), pair.getPublic(), LEAF_LIFETIME, ext -> {
      addLeafExtensions(ext, pair.getPublic(), name, alternativeNames);
      ext.addExtension(Extension.authorityKeyIdentifier, false,
          utils().createAuthorityKeyIdentifier(authority.certificate()));
    }), authority.key()));
  }

  /** A self-signed server certificate for {@code name} and {@code alternativeNames}. */
  public static Issued selfSigned(String name, List<String> alternativeNames) {
    KeyPair pair = newKeyPair();
    X500Name subject = name(name);
    return new Issued(pair.getPrivate(), sign(builder(subject, subject, pair.getPublic(), LEAF_LIFETIME,
        ext -> addLeafExtensions(ext, pair.getPublic(), name, alternativeNames)), pair.getPrivate()));
  }

  private static void addLeafExtensions(X509v3CertificateBuilder ext, PublicKey key, String name,
      List<String> alternativeNames) throws Exception {
    ext.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
    ext.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyAgreement));
    ext.addExtension(Extension.extendedKeyUsage, false,
        new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
    ext.addExtension(Extension.subjectKeyIdentifier, false, utils().createSubjectKeyIdentifier(key));
    List<GeneralName> names = new ArrayList<>();
    names.add(generalName(name));
    alternativeNames.stream().filter(n -> !n.equals(name)).map(Certificates::generalName).forEach(names::add);
    ext.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
  }

  /** An IP address where {@code name} is one, a DNS name otherwise. */
  static GeneralName generalName(String name) {
    if (IPV4.matcher(name).matches() || name.contains(":")) {
      try {
        InetAddress.getByName(name);
        return new GeneralName(GeneralName.iPAddress, name);
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("not an IP address: " + name);
      }
    }
    if (name.isBlank() || !name.matches("[A-Za-z0-9*._-]+")) {
      throw new IllegalArgumentException("not a host name or IP address: \"" + name + "\"");
    }
    return new GeneralName(GeneralName.dNSName, name);
  }

  /** What adds a certificate's extensions. */
  private interface Extensions {
    void add(X509v3CertificateBuilder builder) throws Exception;
  }

  private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key, Duration lifetime,
      Extensions extensions) {
    // Backdated a little, so a node whose clock runs behind still accepts a certificate just made.
    Instant now = Instant.now().minus(Duration.ofHours(1));
    X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM),
        Date.from(now), Date.from(now.plus(lifetime)), subject, key);
    try {
      extensions.add(builder);
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot build a certificate extension", e);
    }
    return builder;
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) {
    try {
      return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer)));
    } catch (OperatorCreationException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a certificate", e);
    }
  }

  private static X500Name name(String commonName) {
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "cairn").addRDN(BCStyle.CN, commonName).build();
  }

  private static JcaX509ExtensionUtils utils() {
    try {
      return new JcaX509ExtensionUtils();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static KeyPair newKeyPair() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
