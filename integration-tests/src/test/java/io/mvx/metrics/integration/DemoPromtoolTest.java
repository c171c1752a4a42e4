package io.mvx.metrics.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.test.Promtool;
import io.mvx.metrics.examples.Demo;
import io.mvx.metrics.examples.DemoOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The demo's names follow Prometheus conventions: promtool finds nothing to complain about. */
class DemoPromtoolTest {

  @Test
  void promtoolCheckMetrics_onAScrapeOfTheDemo_reportsNoProblem() throws Exception {
    Promtool promtool = Promtool.require();
    String exposition;
    try (Demo demo = Demo.startIdle(new DemoOptions(0, 4, Optional.empty(), Duration.ofSeconds(5)), 11)) {
      for (int tick = 0; tick < 10; tick++) {
        demo.workload().tick();
      }
      exposition = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.port() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    }
    // the demo's default endpoint is client_java 1.x, which sorts labels and ends a label set without a comma
    assertThat(exposition).contains("example_metrics_tcp_stream_bytes_received_bytes_total",
        "example_metrics_document_storage_save_attempts_total{outcome=\"failure\",recorder=\"document_storage\"}",
        "# TYPE example_metrics_document_storage_save_duration_seconds histogram",
        "example_metrics_document_storage_save_duration_seconds_bucket{recorder=\"document_storage\",le=\"+Inf\"}");

    Promtool.Result result = promtool.check(exposition);

    assertThat(result.clean()).as("promtool's findings: %s", result).isTrue();
  }
}
