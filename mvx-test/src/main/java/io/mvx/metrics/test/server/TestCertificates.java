package io.mvx.metrics.test.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test CA and a server certificate it signed for {@code 127.0.0.1} and {@code localhost}, made at run
 * time with the JDK's {@code keytool} (no key is ever committed), in every form the endpoints read.
 *
 * <p>Test support shared by the server tests of {@code mvx-prometheus}, {@code mvx-prometheus-metrics} and
 * {@code integration-tests} (through the {@code mvx-core} test jar); it belongs in {@code mvx-test}.
 *
 * @param caPem the CA certificate, PEM (a Prometheus {@code tls_config.ca_file})
 * @param pkcs12 the server's key and chain (server, CA) in a PKCS#12 store
 * @param jks the same in a JKS store
 * @param password the password of both stores and their key entries
 * @param chainPem the server's chain (server, CA), PEM
 * @param keyPem the server's private key, unencrypted PKCS#8 PEM
 */
public record TestCertificates(Path caPem, Path pkcs12, Path jks, String password, Path chainPem, Path keyPem) {

  private static final String PASSWORD = "test-only-" + Long.toHexString(System.nanoTime());

  /**
   * Makes the CA, the server key and certificate and their files in {@code directory}.
   *
   * @param directory an empty directory, e.g. a {@code @TempDir}
   * @return the files
   * @throws IOException when a file cannot be written or read
   * @throws InterruptedException when interrupted while keytool runs
   */
  public static TestCertificates create(Path directory) throws IOException, InterruptedException {
    Path ca = directory.resolve("ca.p12");
    Path caPem = directory.resolve("ca.pem");
    Path server = directory.resolve("server.p12");
    Path csr = directory.resolve("server.csr");
    Path serverPem = directory.resolve("server.pem");
    keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=MVX test CA", "-ext", "bc:c", "-keystore", ca, "-storetype", "PKCS12");
    keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca, "-file", caPem);
    keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
        "-dname", "CN=localhost", "-keystore", server, "-storetype", "PKCS12");
    keytool("-certreq", "-alias", "server", "-keystore", server, "-file", csr);
    keytool("-gencert", "-rfc", "-alias", "ca", "-keystore", ca, "-infile", csr, "-outfile", serverPem,
        "-validity", "2", "-ext", "san=ip:127.0.0.1,dns:localhost", "-ext", "eku=serverAuth",
        "-ext", "ku:c=digitalSignature,keyAgreement");
    keytool("-importcert", "-noprompt", "-alias", "ca", "-file", caPem, "-keystore", server);
    keytool("-importcert", "-alias", "server", "-file", serverPem, "-keystore", server);
    Path jks = directory.resolve("server.jks");
    keytool("-importkeystore", "-srckeystore", server, "-srcstoretype", "PKCS12", "-srcstorepass", PASSWORD,
        "-destkeystore", jks, "-deststoretype", "JKS", "-deststorepass", PASSWORD, "-noprompt");

    Path chainPem = directory.resolve("chain.pem");
    Files.writeString(chainPem, Files.readString(serverPem) + Files.readString(caPem));
    Path keyPem = directory.resolve("key.pem");
    try {
      Key key = KeyStore.getInstance(server.toFile(), PASSWORD.toCharArray())
          .getKey("server", PASSWORD.toCharArray());
      Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
    } catch (GeneralSecurityException e) {
      throw new IOException(server + ": cannot read the key keytool wrote", e);
    }
    return new TestCertificates(caPem, server, jks, PASSWORD, chainPem, keyPem);
  }

  /**
   * A client TLS context that trusts the test CA and nothing else.
   *
   * @return an initialised context
   * @throws IOException when the CA file cannot be read
   * @throws GeneralSecurityException when the context cannot be made
   */
  public SSLContext trustingClient() throws IOException, GeneralSecurityException {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(caPem)) {
      trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trustManagers.getTrustManagers(), null);
    return context;
  }

  /**
   * PEM text of one DER block.
   *
   * @param type e.g. {@code PRIVATE KEY}
   * @param der the encoded bytes
   * @return the armoured text, lines of 64 characters
   */
  public static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  private static void keytool(Object... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    for (Object argument : arguments) {
      command.add(argument.toString());
    }
    if (!command.contains("-srcstorepass")) {
      command.addAll(List.of("-storepass", PASSWORD, "-keypass", PASSWORD));
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException("keytool failed: " + command + "\n" + output);
    }
  }
}
