package io.mvx.metrics.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.example.DocumentStorage;
import io.mvx.metrics.test.server.TestCertificates;
import io.mvx.metrics.prometheus.MvxPrometheusServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.mvx.metrics.test.PrometheusBinary;

/**
 * A real Prometheus server scrapes {@link MvxPrometheusServer} over HTTPS with {@code basic_auth} and a
 * {@code tls_config} that trusts a CA the test made, and its query API sees the target up and the series.
 */
class PrometheusTlsScrapeTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String USER = "prometheus";
  private static final String PASSWORD = "scrape-" + Long.toHexString(System.nanoTime());
  private static final String SAVE_ATTEMPTS =
      "tls_scrape_document_storage_save_attempts_total{job=\"mvx-tls\",recorder=\"document_storage\"}";

  @TempDir
  Path directory;

  private final HttpClient http = HttpClient.newHttpClient();
  private MetricsRuntime runtime;
  private MvxPrometheusServer server;
  private Process prometheus;

  @AfterEach
  void stop() throws Exception {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    if (server != null) {
      server.close();
    }
    if (runtime != null) {
      runtime.shutdown();
    }
  }

  @Test
  void prometheusScrapesOverHttpsWithBasicAuth_andQueriesTheSeries() throws Exception {
    Path binary = PrometheusBinary.require("prometheus");
    TestCertificates certificates = TestCertificates.create(Files.createDirectory(directory.resolve("keys")));
    runtime = new MetricsRuntime("tls_scrape");
    runtime.start();
    DocumentStorage storage = new DocumentStorage(runtime.createRecorder("document_storage"));
    storage.saveDocument("doc-001", "First document");
    storage.saveDocument("doc-002", "Second document");
    server = MvxPrometheusServer.builder(runtime)
        .tlsPem(certificates.chainPem(), certificates.keyPem())
        .basicAuthentication(USER, PASSWORD)
        .build();
    double expected = 2; // two save attempts

    int port = freeLoopbackPort();
    Path config = directory.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n",
        "global:",
        "  scrape_interval: 1s",
        "  scrape_timeout: 1s",
        "scrape_configs:",
        "  - job_name: mvx-tls",
        "    scheme: https",
        "    basic_auth:",
        "      username: " + USER,
        "      password: " + PASSWORD,
        "    tls_config:",
        "      ca_file: " + certificates.caPem(),
        "    static_configs:",
        "      - targets: ['127.0.0.1:" + server.port() + "']",
        ""));
    prometheus = new ProcessBuilder(binary.toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + directory.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn")
        .redirectErrorStream(true)
        .redirectOutput(directory.resolve("prometheus.log").toFile())
        .start();
    String api = "http://127.0.0.1:" + port + "/api/v1/";

    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
        .untilAsserted(() -> {
          JsonNode up = query(api, "up{job=\"mvx-tls\"}");
          assertThat(up).hasSize(1);
          assertThat(up.get(0).path("value").get(1).asText()).isEqualTo("1");
        });
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
        .untilAsserted(() -> {
          JsonNode series = query(api, SAVE_ATTEMPTS);
          assertThat(series).hasSize(1);
          assertThat(Double.parseDouble(series.get(0).path("value").get(1).asText())).isEqualTo(expected);
        });
  }

  private JsonNode query(String api, String promql) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
        URI.create(api + "query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("status").asText()).isEqualTo("success");
    return body.path("data").path("result");
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
