package io.mvx.metrics.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mvx.metrics.test.PrometheusBinary;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mvx.metrics.examples.Demo;
import io.mvx.metrics.examples.DemoOptions;
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
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real Prometheus server scrapes the demo, and its query API agrees with the runtime's snapshot. */
class PrometheusServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SAVE_ATTEMPTS =
      "example_metrics_document_storage_save_attempts_total{recorder=\"document_storage\"}";

  @TempDir
  Path directory;

  private final HttpClient http = HttpClient.newHttpClient();
  private Process prometheus;
  private Demo demo;

  @AfterEach
  void stop() throws Exception {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    if (demo != null) {
      demo.close();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  @Test
  void prometheusScrapesTheDemo_andItsQueryApiReturnsTheSnapshotValue() throws Exception {
    Path binary = PrometheusBinary.require("prometheus");
    demo = Demo.start(new DemoOptions(0, 5, Optional.empty(), Duration.ofSeconds(5)));
    int port = freeLoopbackPort();
    Path config = directory.resolve("prometheus.yml");
    Files.writeString(config, String.join("\n",
        "global:",
        "  scrape_interval: 1s",
        "  scrape_timeout: 1s",
        "scrape_configs:",
        "  - job_name: mvx-demo",
        "    static_configs:",
        "      - targets: ['127.0.0.1:" + demo.port() + "']",
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
        .untilAsserted(() -> assertThat(get(api + "targets").path("data").path("activeTargets").get(0)
            .path("health").asText()).isEqualTo("up"));
    demo.stopTraffic(); // freeze the counter; the next scrapes see its final value
    double expected = demo.runtime().snapshot().recorders().get("document_storage")
        .get("document_storage.save.attempts").value("total").orElseThrow();
    assertThat(expected).isPositive();

    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
        .untilAsserted(() -> {
          JsonNode result = get(api + "query?query=" + URLEncoder.encode(SAVE_ATTEMPTS, StandardCharsets.UTF_8))
              .path("data").path("result");
          assertThat(result).hasSize(1);
          assertThat(result.get(0).path("metric").path("job").asText()).isEqualTo("mvx-demo");
          assertThat(Double.parseDouble(result.get(0).path("value").get(1).asText())).isEqualTo(expected);
        });
  }

  private JsonNode get(String uri) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(HttpRequest.newBuilder(URI.create(uri)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("status").asText()).isEqualTo("success");
    return body;
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
