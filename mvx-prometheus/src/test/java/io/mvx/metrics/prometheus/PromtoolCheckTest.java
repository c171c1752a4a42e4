package io.mvx.metrics.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.test.Promtool;
import io.mvx.metrics.example.DocumentSaveDurationMetric;
import io.mvx.metrics.example.DocumentStorage;
import io.mvx.metrics.example.TcpConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Prometheus' own parser and linter accept what a realistic runtime exports. */
class PromtoolCheckTest {

  private final MetricsRuntime runtime = new MetricsRuntime("shop.metrics");

  @AfterEach
  void shutDown() {
    runtime.shutdown();
  }

  @Test
  void promtoolCheckMetrics_onAScrapeOfARealisticRuntime_reportsNoProblem() throws Exception {
    Promtool.require();
    runtime.start();
    DocumentStorage storage =
        new DocumentStorage(runtime.createRecorder("document_storage"), new DocumentSaveDurationMetric());
    storage.saveDocument("doc-001", "First document");
    storage.saveDocument("doc-002", "Second document");
    for (int connection = 1; connection <= 3; connection++) {
      String recorderId = "tcp-" + connection + " [10.0.0." + connection + "]";
      new TcpConnection(runtime.createRecorder(recorderId)).received(new byte[100 * connection]);
    }
    String scrape;
    try (MvxPrometheusServer server = MvxPrometheusServer.builder(runtime).build()) {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
              .timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      scrape = response.body();
    }
    assertThat(scrape).contains("shop_metrics_document_storage_save_duration_seconds_total{",
        "shop_metrics_tcp_stream_bytes_received_bytes_total{recorder=\"tcp-3 [10.0.0.3]\",} 300.0");

    Promtool.Result result = Promtool.checkMetrics(scrape);

    assertThat(result.clean()).as("promtool check metrics: %s%nscrape:%n%s", result, scrape).isTrue();
  }

  @Test
  void promtool_flagsAProblem_soTheCheckAboveCanFail() {
    Promtool.Result result = Promtool.checkMetrics(
        "# HELP shop_latency_ms Latency\n# TYPE shop_latency_ms gauge\nshop_latency_ms 1.0\n");

    assertThat(result.clean()).isFalse();
    assertThat(result.stdout() + result.stderr()).contains("abbreviated units");
  }
}
