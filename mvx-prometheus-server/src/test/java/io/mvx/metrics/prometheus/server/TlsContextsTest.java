package io.mvx.metrics.prometheus.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.mvx.metrics.test.server.TestCertificates;

class TlsContextsTest {

  @TempDir
  static Path directory;
  private static TestCertificates certificates;

  @BeforeAll
  static void makeCertificates() throws Exception {
    certificates = TestCertificates.create(directory);
  }

  @Test
  void keyStoresAndPem_giveAServerContext() throws Exception {
    char[] password = certificates.password().toCharArray();

    assertThat(TlsContexts.fromKeyStore(certificates.pkcs12(), password).getProtocol()).isEqualTo("TLS");
    assertThat(TlsContexts.fromKeyStore(certificates.jks(), password).getProtocol()).isEqualTo("TLS");
    assertThat(TlsContexts.fromPem(certificates.chainPem(), certificates.keyPem()).getProtocol()).isEqualTo("TLS");
  }

  @Test
  void keyOfAnotherCertificate_isRefusedNamingTheKeyFile() throws Exception {
    Path other = directory.resolve("other-key.pem");
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    Files.writeString(other, TestCertificates.pem("PRIVATE KEY", generator.generateKeyPair().getPrivate().getEncoded()));

    assertThatThrownBy(() -> TlsContexts.fromPem(certificates.chainPem(), other))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(other + ": the private key does not belong to the certificate CN=localhost");
  }

  @Test
  void pkcs1OrEncryptedKeys_areRefusedWithTheConversionCommand() throws Exception {
    Path pkcs1 = directory.resolve("rsa-key.pem");
    Files.writeString(pkcs1, TestCertificates.pem("RSA PRIVATE KEY", new byte[] {1, 2, 3}));

    assertThatThrownBy(() -> TlsContexts.fromPem(certificates.chainPem(), pkcs1))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(pkcs1 + ": the key is 'RSA PRIVATE KEY'")
        .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
  }

  @Test
  void aFileWithoutCertificates_isRefusedNamingIt() {
    assertThatThrownBy(() -> TlsContexts.fromPem(certificates.keyPem(), certificates.keyPem()))
        .isInstanceOf(IOException.class).hasMessageStartingWith(certificates.keyPem() + ": ");
  }

  @Test
  void protocols_keepsOrderDropsDuplicates_andRejectsUnknownNames() {
    assertThat(TlsContexts.protocols("TLSv1.2", "TLSv1.3", "TLSv1.2")).containsExactly("TLSv1.2", "TLSv1.3");
    assertThatThrownBy(() -> TlsContexts.protocols("TLSv9"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("'TLSv9': protocol must be one");
    assertThatThrownBy(() -> TlsContexts.protocols((String) null))
        .isInstanceOf(NullPointerException.class).hasMessage("protocol");
  }
}
