package io.mvx.metrics.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvx.metrics.test.TextExposition;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.test.TextExposition.Family;
import io.mvx.metrics.example.DocumentStorage;
import io.mvx.metrics.example.TcpConnection;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MvxPrometheusServerTest {

  private static final String BYTES = "served_tcp_stream_bytes_received_bytes_total";

  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10))
      .build();
  private MetricsRuntime runtime;
  private MvxPrometheusServer server;

  @BeforeEach
  void startRuntime() {
    runtime = new MetricsRuntime("served");
    runtime.start();
    new DocumentStorage(runtime.createRecorder("document_storage")).saveDocument("doc-001", "First document");
    new TcpConnection(runtime.createRecorder("tcp-1")).received(new byte[64]);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    runtime.shutdown();
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + path)).timeout(Duration.ofSeconds(30)).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  private static String basic(String username, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void scrape_overHttp_servesTheRuntimeInTextFormat004() throws Exception {
    server = MvxPrometheusServer.builder(runtime).build();

    HttpResponse<byte[]> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    List<Family> families = TextExposition.parse004(text(response));
    assertThat(TextExposition.samples(families)).filteredOn(s -> s.name().equals(BYTES))
        .singleElement().satisfies(s -> assertThat(s.value()).isEqualTo(64.0));
    assertThat(families).extracting(Family::name).contains("mvx_runtime_recorders");
  }

  @Test
  void defaults_bindLoopbackOnAnEphemeralPort() throws Exception {
    server = MvxPrometheusServer.builder(runtime).build();

    assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
    assertThat(server.port()).isPositive();
    assertThat(server.registry().getSampleValue(BYTES, new String[] {"recorder"}, new String[] {"tcp-1"}))
        .isEqualTo(64.0);
  }

  @Test
  void allInterfaces_bindsTheWildcardAddress() throws Exception {
    server = MvxPrometheusServer.builder(runtime).allInterfaces().build();

    assertThat(server.address().getAddress().isAnyLocalAddress()).isTrue();
    assertThat(get("/metrics").statusCode()).isEqualTo(200);
  }

  @Test
  void healthy_answersWithoutTouchingTheRegistry() throws Exception {
    server = MvxPrometheusServer.builder(runtime).build();

    HttpResponse<byte[]> response = get("/-/healthy");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(text(response)).isEqualTo("Exporter is Healthy.");
  }

  @Test
  void acceptOpenMetrics_negotiatesOpenMetrics100() throws Exception {
    server = MvxPrometheusServer.builder(runtime).build();

    HttpResponse<byte[]> response = get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0");

    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
    String body = text(response);
    assertThat(body).endsWith("# EOF\n").contains("# TYPE served_tcp_stream_bytes_received_bytes counter\n",
        "# UNIT served_tcp_stream_bytes_received_bytes bytes\n");
    assertThat(TextExposition.samples(TextExposition.parseOpenMetrics(body)))
        .filteredOn(s -> s.name().equals(BYTES)).singleElement().satisfies(s -> assertThat(s.value()).isEqualTo(64.0));
  }

  @Test
  void acceptEncodingGzip_compressesTheScrape() throws Exception {
    server = MvxPrometheusServer.builder(runtime).build();

    HttpResponse<byte[]> response = get("/metrics", "Accept-Encoding", "gzip");

    assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
    String body;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(TextExposition.samples(TextExposition.parse004(body))).extracting(TextExposition.Sample::name)
        .contains(BYTES);
  }

  @Test
  void basicAuthentication_refusesMissingAndWrongCredentials_andServesRightOnes() throws Exception {
    server = MvxPrometheusServer.builder(runtime).basicAuthentication("prometheus", "s3cret ü").build();

    for (HttpResponse<byte[]> refused : List.of(get("/metrics"), get("/-/healthy"),
        get("/metrics", "Authorization", basic("prometheus", "wrong")),
        get("/metrics", "Authorization", basic("other", "s3cret ü")),
        get("/metrics", "Authorization", basic("prometheus", "s3cret ü and more")))) {
      assertThat(refused.statusCode()).isEqualTo(401);
      assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
          value -> assertThat(value).startsWith("Basic realm=\"mvx-metrics\""));
      assertThat(text(refused)).doesNotContain("served_", "mvx_runtime");
    }
    HttpResponse<byte[]> accepted = get("/metrics", "Authorization", basic("prometheus", "s3cret ü"));
    assertThat(accepted.statusCode()).isEqualTo(200);
    assertThat(text(accepted)).contains(BYTES + "{recorder=\"tcp-1\",} 64.0");
  }

  @Test
  void userSuppliedRegistry_isServedAsItIs() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    Counter.build("app_requests", "Requests").register(registry).inc(3);
    new MvxCollector(runtime).register(registry);
    server = MvxPrometheusServer.builder(registry).build();

    List<Family> families = TextExposition.parse004(text(get("/metrics")));

    assertThat(server.registry()).isSameAs(registry);
    assertThat(families).extracting(Family::name).contains("app_requests_total", BYTES);
  }

  @Test
  void close_releasesThePort_andIsIdempotent() throws Exception {
    server = MvxPrometheusServer.builder(runtime).build();
    int port = server.port();

    server.close();
    server.close();

    try (ServerSocket rebound = new ServerSocket(port, 0, server.address().getAddress())) {
      assertThat(rebound.getLocalPort()).isEqualTo(port);
    }
  }

  @Test
  void portInUse_failsWithTheAddressInTheMessage() throws Exception {
    server = MvxPrometheusServer.builder(runtime).build();

    assertThatThrownBy(() -> MvxPrometheusServer.builder(runtime).port(server.port()).build())
        .isInstanceOf(IOException.class).hasMessageContaining(":" + server.port());
  }

  @Test
  void builder_rejectsBadArgumentsNamingThem() {
    MvxPrometheusServer.Builder builder = MvxPrometheusServer.builder(runtime);

    assertThatThrownBy(() -> MvxPrometheusServer.builder((MetricsRuntime) null))
        .isInstanceOf(NullPointerException.class).hasMessage("runtime");
    assertThatThrownBy(() -> MvxPrometheusServer.builder((CollectorRegistry) null))
        .isInstanceOf(NullPointerException.class).hasMessage("registry");
    assertThatThrownBy(() -> builder.port(70000))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("70000: port must be between 0 and 65535");
    assertThatThrownBy(() -> builder.port(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("-1: port must be between 0 and 65535");
    assertThatThrownBy(() -> builder.host(null)).isInstanceOf(NullPointerException.class).hasMessage("host");
    assertThatThrownBy(() -> builder.host(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("' ': host must not be blank");
    assertThatThrownBy(() -> builder.basicAuthentication(null, "p"))
        .isInstanceOf(NullPointerException.class).hasMessage("username");
    assertThatThrownBy(() -> builder.basicAuthentication("a:b", "p"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("'a:b': username must not contain ':'");
    assertThatThrownBy(() -> builder.basicAuthentication("", "p"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("'': username must not be empty");
    assertThatThrownBy(() -> builder.basicAuthentication("user", null))
        .isInstanceOf(NullPointerException.class).hasMessage("password");
    assertThatThrownBy(() -> builder.basicAuthentication("user", ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("password must not be empty");
  }
}
