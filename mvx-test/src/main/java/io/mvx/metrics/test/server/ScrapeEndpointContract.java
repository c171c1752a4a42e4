package io.mvx.metrics.test.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What both scrape endpoints promise about TLS, Basic authentication and slow clients; each endpoint's test
 * extends it and says how to start one. Keys and certificates are made at run time ({@link TestCertificates}).
 *
 * <p>Test support shared by {@code mvx-prometheus} and {@code mvx-prometheus-metrics}; the server module
 * ({@code mvx-prometheus-server}) tests its own parts with {@link TestCertificates} and {@link HalfOpenClients}.
 */
public abstract class ScrapeEndpointContract {

  /** Where the endpoint's key and certificate come from. */
  public enum Tls {
    /** Plain HTTP. */
    NONE,
    /** A PKCS#12 keystore. */
    PKCS12,
    /** A JKS keystore. */
    JKS,
    /** PEM files: certificate chain and key. */
    PEM
  }

  /**
   * How to start the endpoint.
   *
   * @param tls the key material, or NONE for plain HTTP
   * @param certificates the test certificates (for every {@code tls} but NONE)
   * @param user Basic authentication user, or null for none
   * @param password Basic authentication password
   * @param headerTimeout the header timeout, or null for the default
   * @param protocols the TLS versions, or null for the default
   */
  public record Options(Tls tls, TestCertificates certificates, String user, String password,
      Duration headerTimeout, String[] protocols) {}

  /** The Basic authentication user of the tests. */
  protected static final String USER = "prometheus";
  /** The Basic authentication password of the tests. */
  protected static final String PASSWORD = "s3cret ü";
  private static final int HALF_OPEN = 50;

  @TempDir
  static Path keys;
  /** The certificates, made once per test class. */
  protected static TestCertificates certificates;

  /** For subclasses. */
  protected ScrapeEndpointContract() {}

  /**
   * Makes the test certificates.
   *
   * @throws Exception when keytool fails
   */
  @BeforeAll
  static void makeCertificates() throws Exception {
    certificates = TestCertificates.create(keys);
  }

  /**
   * Starts the endpoint serving at least the series {@link #servedSeries()}; {@link #stop()} closes it.
   *
   * @param options how to start it
   * @return the bound port
   * @throws IOException when it cannot start
   */
  protected abstract int start(Options options) throws IOException;

  /** Closes what {@link #start} started, if anything. */
  protected abstract void stop();

  /**
   * A sample name the served registry has.
   *
   * @return e.g. {@code served_requests_total}
   */
  protected abstract String servedSeries();

  @AfterEach
  void stopEndpoint() {
    stop();
  }

  private int start(Tls tls, String user, Duration headerTimeout, String... protocols) throws IOException {
    return start(new Options(tls, tls == Tls.NONE ? null : certificates, user, user == null ? null : PASSWORD,
        headerTimeout, protocols.length == 0 ? null : protocols));
  }

  private static HttpClient client(SSLContext tls, String... protocols) {
    HttpClient.Builder client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(30));
    if (tls != null) {
      client.sslContext(tls);
    }
    if (protocols.length > 0) {
      client.sslParameters(new SSLParameters(null, protocols));
    }
    return client.build();
  }

  private static HttpResponse<String> get(HttpClient client, String uri, String password)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(60));
    if (password != null) {
      request.header("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String https(int port) {
    return "https://127.0.0.1:" + port + "/metrics";
  }

  @ParameterizedTest
  @EnumSource(value = Tls.class, names = {"PKCS12", "JKS", "PEM"})
  void httpsWithBasicAuthentication_servesTheMetrics(Tls tls) throws Exception {
    int port = start(tls, USER, null);

    HttpResponse<String> response = get(client(certificates.trustingClient()), https(port), PASSWORD);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains(servedSeries());
  }

  @Test
  void https_wrongOrMissingPassword_gets401WithoutMetrics() throws Exception {
    int port = start(Tls.PEM, USER, null);
    HttpClient client = client(certificates.trustingClient());

    for (String password : new String[] {"wrong", null}) {
      HttpResponse<String> refused = get(client, https(port), password);
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
          challenge -> assertThat(challenge).startsWith("Basic realm=\"mvx-metrics\""));
      assertThat(refused.body()).doesNotContain(servedSeries());
    }
  }

  @Test
  void plainHttpAgainstTheTlsPort_failsCleanlyWithoutAnswer() throws Exception {
    int port = start(Tls.PKCS12, USER, null);

    assertThatThrownBy(() -> get(client(null), "http://127.0.0.1:" + port + "/metrics", PASSWORD))
        .isInstanceOf(IOException.class).isNotInstanceOf(HttpTimeoutException.class);
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(60_000);
      socket.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(readUntilClosed(socket.getInputStream())).doesNotContain("HTTP/1.1 200", servedSeries());
    }
  }

  @Test
  void clientThatDoesNotTrustTheCertificate_cannotReadMetrics() throws Exception {
    int port = start(Tls.JKS, USER, null);

    assertThatThrownBy(() -> get(client(SSLContext.getDefault()), https(port), PASSWORD))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void tlsProtocols_offersOnlyTheChosenVersions() throws Exception {
    int port = start(Tls.PEM, USER, null, "TLSv1.2");

    assertThat(get(client(certificates.trustingClient(), "TLSv1.2"), https(port), PASSWORD).statusCode())
        .isEqualTo(200);
    assertThatThrownBy(() -> get(client(certificates.trustingClient(), "TLSv1.3"), https(port), PASSWORD))
        .isInstanceOf(IOException.class);
  }

  @Test
  void fiftyHalfOpenClients_overHttp_doNotSilenceTheEndpoint() throws Exception {
    // a header timeout longer than the test: the scrape succeeds because threads suffice, not by expiry
    int port = start(Tls.NONE, null, Duration.ofMinutes(10));

    try (HalfOpenClients attackers = HalfOpenClients.plain(port, HALF_OPEN)) {
      HalfOpenClients.awaitServerThreadsReading(HALF_OPEN);

      HttpResponse<String> scrape = get(client(null), "http://127.0.0.1:" + port + "/metrics", null);

      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body()).contains(servedSeries());
      assertThat(attackers.allOpen()).isTrue();
    }
  }

  @Test
  void fiftyHalfOpenClients_overTls_doNotSilenceTheEndpoint() throws Exception {
    int port = start(Tls.PKCS12, USER, Duration.ofMinutes(10));
    SSLContext trusting = certificates.trustingClient();

    try (HalfOpenClients attackers = HalfOpenClients.tls(port, HALF_OPEN / 2, HALF_OPEN / 2, trusting)) {
      HalfOpenClients.awaitServerThreadsReading(HALF_OPEN);

      HttpResponse<String> scrape = get(client(trusting), https(port), PASSWORD);

      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body()).contains(servedSeries());
      assertThat(attackers.allOpen()).isTrue();
    }
  }

  @Test
  void headerTimeout_closesAClientThatStallsTheHandshakeOrTheHeaders() throws Exception {
    int port = start(Tls.PEM, USER, Duration.ofMillis(200));

    try (HalfOpenClients stalled = HalfOpenClients.tls(port, 1, 0, certificates.trustingClient())) {
      assertThat(readUntilClosed(stalled.sockets().get(0).getInputStream())).isEmpty();
    }
    stop();
    int plain = start(Tls.NONE, null, Duration.ofMillis(200));
    try (HalfOpenClients stalled = HalfOpenClients.plain(plain, 1)) {
      assertThat(readUntilClosed(stalled.sockets().get(0).getInputStream())).isEmpty();
    }
    assertThat(get(client(null), "http://127.0.0.1:" + plain + "/metrics", null).statusCode()).isEqualTo(200);
  }

  /** What the server sent before it closed the connection (a reset counts as closed). */
  private static String readUntilClosed(InputStream in) {
    StringBuilder text = new StringBuilder();
    byte[] buffer = new byte[4096];
    try {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the server left the connection open for a minute", e);
    } catch (IOException reset) {
      // closed abruptly: nothing more to read
    }
    return text.toString();
  }
}
