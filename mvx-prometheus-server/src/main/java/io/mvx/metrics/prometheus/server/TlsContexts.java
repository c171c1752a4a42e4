package io.mvx.metrics.prometheus.server;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * Server {@link SSLContext}s from a key store or from PEM files, with the JDK alone, and the
 * {@link HttpsConfigurator} that limits the TLS versions. Not API: shared by the scrape endpoints of the
 * Prometheus adapters.
 */
public final class TlsContexts {

  private static final Pattern PEM_KEY = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----([A-Za-z0-9+/=\\s]*)-----END \\1PRIVATE KEY-----");
  private static final Map<String, String> PROOF_SIGNATURES =
      Map.of("RSA", "SHA256withRSA", "EC", "SHA256withECDSA", "EdDSA", "EdDSA", "Ed25519", "Ed25519");

  private TlsContexts() {}

  /**
   * A server context from a JKS or PKCS#12 key store (the type is detected) holding one private key entry
   * with its certificate chain; the key's password must be the store's.
   *
   * @param keyStore the key store file
   * @param password the store's (and the key's) password
   * @return an initialised TLS context
   * @throws IOException when the file cannot be read, is no key store, the password is wrong or there is
   *     no private key in it; the message starts with the path
   */
  public static SSLContext fromKeyStore(Path keyStore, char[] password) throws IOException {
    KeyStore store;
    try {
      store = KeyStore.getInstance(keyStore.toFile(), password);
    } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
      // IllegalArgumentException: the JDK's word for a missing file
      throw new IOException(keyStore + ": cannot load the TLS key store: " + e.getMessage(), e);
    }
    try {
      boolean hasKey = false;
      for (String alias : Collections.list(store.aliases())) {
        hasKey |= store.isKeyEntry(alias);
      }
      if (!hasKey) {
        throw new IOException(keyStore + ": the TLS key store holds no private key entry");
      }
      return context(store, password);
    } catch (GeneralSecurityException e) {
      throw new IOException(keyStore + ": cannot use the TLS key store: " + e.getMessage(), e);
    }
  }

  /**
   * A server context from PEM files: the certificate chain (the server's certificate first, then any
   * intermediates) and its unencrypted PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----}; convert
   * others with {@code openssl pkcs8 -topk8 -nocrypt}).
   *
   * @param certificateChain PEM file with one or more {@code CERTIFICATE} blocks
   * @param privateKey PEM file with the {@code PRIVATE KEY} of the first certificate
   * @return an initialised TLS context
   * @throws IOException when a file cannot be read or parsed, or the key does not belong to the
   *     certificate; the message starts with the path
   */
  public static SSLContext fromPem(Path certificateChain, Path privateKey) throws IOException {
    List<X509Certificate> chain = certificates(certificateChain);
    PrivateKey key = privateKey(privateKey, chain.get(0));
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = new char[0];
      store.setKeyEntry("server", key, password, chain.toArray(new Certificate[0]));
      return context(store, password);
    } catch (GeneralSecurityException e) {
      throw new IOException(certificateChain + ": cannot use the certificate and key: " + e.getMessage(), e);
    }
  }

  /**
   * Checks TLS protocol names against what this JDK supports.
   *
   * @param protocols e.g. {@code "TLSv1.3", "TLSv1.2"}
   * @return the names, in order, without duplicates
   * @throws IllegalArgumentException for an empty list or a name the JDK does not know
   */
  public static List<String> protocols(String... protocols) {
    Objects.requireNonNull(protocols, "protocols");
    if (protocols.length == 0) {
      throw new IllegalArgumentException("[]: protocols must name at least one TLS version");
    }
    List<String> supported;
    try {
      supported = Arrays.asList(SSLContext.getDefault().getSupportedSSLParameters().getProtocols());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no default TLS context", e);
    }
    List<String> valid = new ArrayList<>();
    for (String protocol : protocols) {
      Objects.requireNonNull(protocol, "protocol");
      if (!supported.contains(protocol)) {
        throw new IllegalArgumentException(
            "'" + protocol + "': protocol must be one this JDK supports: " + supported);
      }
      if (!valid.contains(protocol)) {
        valid.add(protocol);
      }
    }
    return List.copyOf(valid);
  }

  /**
   * Configures each connection with {@code context}, only {@code protocols} and no client certificates.
   *
   * @param context the server context
   * @param protocols the TLS versions to offer, from {@link #protocols(String...)}
   * @return the configurator for an {@code HttpsServer}
   */
  public static HttpsConfigurator configurator(SSLContext context, List<String> protocols) {
    String[] enabled = protocols.toArray(new String[0]);
    return new HttpsConfigurator(context) {
      @Override
      public void configure(HttpsParameters parameters) {
        SSLParameters ssl = context.getDefaultSSLParameters();
        ssl.setProtocols(enabled);
        ssl.setNeedClientAuth(false);
        parameters.setSSLParameters(ssl);
      }
    };
  }

  private static SSLContext context(KeyStore store, char[] password) throws GeneralSecurityException {
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  private static List<X509Certificate> certificates(Path file) throws IOException {
    List<X509Certificate> chain = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file)) {
      for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        chain.add((X509Certificate) certificate);
      }
    } catch (GeneralSecurityException e) {
      throw new IOException(file + ": cannot parse the PEM certificate chain: " + e.getMessage(), e);
    }
    if (chain.isEmpty()) {
      throw new IOException(file + ": no PEM certificate (-----BEGIN CERTIFICATE-----) found");
    }
    return chain;
  }

  private static PrivateKey privateKey(Path file, X509Certificate certificate) throws IOException {
    Matcher pem = PEM_KEY.matcher(Files.readString(file, StandardCharsets.US_ASCII));
    if (!pem.find()) {
      throw new IOException(file + ": no PEM private key (-----BEGIN PRIVATE KEY-----) found");
    }
    if (!pem.group(1).isEmpty()) {
      throw new IOException(file + ": the key is '" + pem.group(1) + "PRIVATE KEY', an unencrypted PKCS#8 "
          + "'PRIVATE KEY' is needed (openssl pkcs8 -topk8 -nocrypt -in key.pem -out pkcs8.pem)");
    }
    String algorithm = certificate.getPublicKey().getAlgorithm();
    PrivateKey key;
    try {
      byte[] der = Base64.getMimeDecoder().decode(pem.group(2));
      key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException(file + ": cannot parse the PKCS#8 " + algorithm + " private key: " + e.getMessage(), e);
    }
    if (!belongsTo(key, certificate)) {
      throw new IOException(file + ": the private key does not belong to the certificate "
          + certificate.getSubjectX500Principal());
    }
    return key;
  }

  /** Signs with the key and verifies with the certificate; true when the algorithm cannot be tried. */
  private static boolean belongsTo(PrivateKey key, X509Certificate certificate) {
    String algorithm = PROOF_SIGNATURES.get(key.getAlgorithm());
    if (algorithm == null) {
      return true;
    }
    try {
      byte[] message = "mvx-metrics key check".getBytes(StandardCharsets.US_ASCII);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(message);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(message);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
