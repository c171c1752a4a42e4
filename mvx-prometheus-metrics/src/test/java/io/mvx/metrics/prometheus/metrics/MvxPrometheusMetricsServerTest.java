package io.mvx.metrics.prometheus.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.test.server.ScrapeEndpointContract;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link MvxPrometheusMetricsServer} serving ordinary client_java 1.x counters: its builder, and (through the
 * contract) TLS, Basic authentication and slow clients.
 */
class MvxPrometheusMetricsServerTest extends ScrapeEndpointContract {

  private MvxPrometheusMetricsServer server;

  private static PrometheusRegistry registry() {
    PrometheusRegistry registry = new PrometheusRegistry();
    Counter.builder().name("served_requests").help("Requests").register(registry).inc(3);
    return registry;
  }

  @Override
  protected int start(Options options) throws IOException {
    MvxPrometheusMetricsServer.Builder builder = MvxPrometheusMetricsServer.builder(registry());
    switch (options.tls()) {
      case PKCS12 -> builder.tls(options.certificates().pkcs12(), options.certificates().password());
      case JKS -> builder.tls(options.certificates().jks(), options.certificates().password());
      case PEM -> builder.tlsPem(options.certificates().chainPem(), options.certificates().keyPem());
      case NONE -> { }
    }
    if (options.user() != null) {
      builder.basicAuthentication(options.user(), options.password());
    }
    if (options.headerTimeout() != null) {
      builder.headerTimeout(options.headerTimeout());
    }
    if (options.protocols() != null) {
      builder.tlsProtocols(options.protocols());
    }
    server = builder.build();
    return server.port();
  }

  @Override
  protected void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  @Override
  protected String servedSeries() {
    return "served_requests_total 3.0";
  }

  private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void defaults_bindLoopbackOnAnEphemeralPort_plainHttp() throws Exception {
    PrometheusRegistry registry = registry();
    server = MvxPrometheusMetricsServer.builder(registry).build();

    assertThat(server.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(server.port()).isPositive();
    assertThat(server.registry()).isSameAs(registry);
    HttpResponse<String> scrape = get(server.port(), "/metrics");
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.body()).contains("# TYPE served_requests_total counter", "served_requests_total 3.0");
    assertThat(get(server.port(), "/-/healthy").body()).startsWith("Exporter is healthy.");
  }

  @Test
  void allInterfaces_bindsTheWildcardAddress() throws Exception {
    server = MvxPrometheusMetricsServer.builder(registry()).allInterfaces().build();

    assertThat(server.address().getAddress().isAnyLocalAddress()).isTrue();
    assertThat(get(server.port(), "/metrics").statusCode()).isEqualTo(200);
  }

  @Test
  void close_releasesThePort_andIsIdempotent() throws Exception {
    server = MvxPrometheusMetricsServer.builder(registry()).build();
    int port = server.port();

    server.close();
    server.close();

    try (ServerSocket rebound = new ServerSocket(port, 0, server.address().getAddress())) {
      assertThat(rebound.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void portInUse_failsWithTheAddressInTheMessage() throws Exception {
    server = MvxPrometheusMetricsServer.builder(registry()).build();

    assertThatThrownBy(() -> MvxPrometheusMetricsServer.builder(registry()).port(server.port()).build())
        .isInstanceOf(IOException.class).hasMessageContaining(":" + server.port());
  }

  @Test
  void missingOrBadKeyMaterial_failsTheBuildNamingTheFile() {
    Path missing = Path.of("no-such-dir", "server.p12");

    assertThatThrownBy(() -> MvxPrometheusMetricsServer.builder(registry()).tls(missing, "x").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(missing + ": keyStore ")
        .hasMessageContaining(missing.toAbsolutePath().toString()).hasMessageContaining("give the path of");
    assertThatThrownBy(() -> MvxPrometheusMetricsServer.builder(registry())
        .tlsPem(Path.of("chain.pem"), certificates.keyPem()).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("chain.pem: certificateChain ");
    assertThatThrownBy(() -> MvxPrometheusMetricsServer.builder(registry())
        .tls(certificates.pkcs12(), "wrong password").build())
        .isInstanceOf(IOException.class).hasMessageStartingWith(certificates.pkcs12() + ": ");
    assertThatThrownBy(() -> MvxPrometheusMetricsServer.builder(registry())
        .tlsPem(certificates.chainPem(), certificates.caPem()).build())
        .isInstanceOf(IOException.class).hasMessageStartingWith(certificates.caPem() + ": no PEM private key");
  }

  @Test
  void builder_rejectsBadArgumentsNamingThem() {
    MvxPrometheusMetricsServer.Builder builder = MvxPrometheusMetricsServer.builder(registry());

    assertThatThrownBy(() -> MvxPrometheusMetricsServer.builder((PrometheusRegistry) null))
        .isInstanceOf(NullPointerException.class).hasMessage("registry");
    assertThatThrownBy(() -> MvxPrometheusMetricsServer.builder((MetricsRuntime) null))
        .isInstanceOf(NullPointerException.class).hasMessage("runtime");
    assertThatThrownBy(() -> builder.port(70000))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("70000: port must be between 0 and 65535");
    assertThatThrownBy(() -> builder.host(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("' ': host must not be blank");
    assertThatThrownBy(() -> builder.basicAuthentication("a:b", "p"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("'a:b': username must not contain ':'");
    assertThatThrownBy(() -> builder.tls(null, "p")).isInstanceOf(NullPointerException.class).hasMessage("keyStore");
    assertThatThrownBy(() -> builder.tlsPem(Path.of("c.pem"), null))
        .isInstanceOf(NullPointerException.class).hasMessage("privateKey");
    assertThatThrownBy(() -> builder.tlsProtocols("SSLv2"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("'SSLv2': protocol must be one");
    assertThatThrownBy(() -> builder.tlsProtocols())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("[]: protocols must name at least one TLS version");
    assertThatThrownBy(() -> builder.headerTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("PT0S: headerTimeout must be positive");
  }
}
