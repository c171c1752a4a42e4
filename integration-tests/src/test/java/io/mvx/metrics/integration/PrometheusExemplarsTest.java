package io.mvx.metrics.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.mvx.metrics.examples.Demo;
import io.mvx.metrics.examples.DemoOptions;
import io.mvx.metrics.test.PrometheusBinary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * §7.4 end to end: a real Prometheus 2.42 with {@code --enable-feature=exemplar-storage} scrapes the demo (in
 * OpenMetrics, which it asks for), and {@code /api/v1/query_exemplars} answers with exemplars of the latency
 * histogram whose trace ids are those of spans the demo's OpenTelemetry SDK tracer created around its saves.
 */
class PrometheusExemplarsTest {

  private static final String BUCKETS =
      "example_metrics_document_storage_save_duration_seconds_bucket{recorder=\"document_storage\"}";

  @TempDir
  Path directory;

  private Demo demo;
  private PrometheusProcess prometheus;

  @AfterEach
  void stop() {
    if (prometheus != null) {
      prometheus.close();
    }
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void prometheusStoresTheLatencyHistogramsExemplars_withTheTraceIdsOfTheDemosSpans() throws Exception {
    Path binary = PrometheusBinary.require("prometheus");
    demo = Demo.startIdle(new DemoOptions(0, 2, Optional.empty(), Duration.ofSeconds(5)), 23);
    for (int tick = 0; tick < 5; tick++) {
      demo.workload().tick(); // 100 saves, each in its own span
    }
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
    double start = System.currentTimeMillis() / 1000.0 - 60;
    prometheus = PrometheusProcess.start(binary, directory.resolve("prometheus.log"),
        "--config.file=" + config,
        "--storage.tsdb.path=" + directory.resolve("data"),
        "--enable-feature=exemplar-storage");

    List<JsonNode> exemplars = new ArrayList<>();
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
        .untilAsserted(() -> {
          exemplars.clear();
          JsonNode data = prometheus.queryExemplars(BUCKETS, start, System.currentTimeMillis() / 1000.0 + 60);
          for (JsonNode series : data) {
            series.path("exemplars").forEach(exemplars::add);
          }
          assertThat(exemplars).as("exemplars of %s in %s", BUCKETS, prometheus).isNotEmpty();
        });

    for (JsonNode exemplar : exemplars) {
      String traceId = exemplar.path("labels").path("trace_id").asText();
      assertThat(traceId).matches("[0-9a-f]{32}");
      assertThat(demo.spans().created(traceId)).as("trace %s was created by the demo", traceId).isTrue();
      assertThat(exemplar.path("labels").path("span_id").asText()).matches("[0-9a-f]{16}");
      assertThat(Double.parseDouble(exemplar.path("value").asText())).isPositive();
    }
    JsonNode series = prometheus.queryExemplars(BUCKETS, start, System.currentTimeMillis() / 1000.0 + 60);
    for (JsonNode bucket : series) {
      double le = bucket.path("seriesLabels").path("le").asText().equals("+Inf") ? Double.POSITIVE_INFINITY
          : Double.parseDouble(bucket.path("seriesLabels").path("le").asText());
      bucket.path("exemplars").forEach(exemplar ->
          assertThat(Double.parseDouble(exemplar.path("value").asText())).as("exemplar of le=%s", le)
              .isLessThanOrEqualTo(le));
    }
  }
}
