package io.mvx.metrics.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.test.PrometheusBinary;
import io.mvx.metrics.examples.Demo;
import io.mvx.metrics.examples.DemoOptions;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The demo's names follow Prometheus conventions: promtool finds nothing to complain about. */
class DemoPromtoolTest {

  @Test
  void promtoolCheckMetrics_onAScrapeOfTheDemo_reportsNoProblem() throws Exception {
    Path promtool = PrometheusBinary.require("promtool");
    String exposition;
    try (Demo demo = Demo.startIdle(new DemoOptions(0, 4, Optional.empty(), Duration.ofSeconds(5)), 11)) {
      for (int tick = 0; tick < 10; tick++) {
        demo.workload().tick();
      }
      exposition = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.port() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
    }
    assertThat(exposition).contains("example_metrics_tcp_stream_bytes_received_bytes_total");

    Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream stdin = check.getOutputStream()) {
      stdin.write(exposition.getBytes(StandardCharsets.UTF_8));
    }
    String report = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(report).as("promtool's findings").isEmpty();
    assertThat(check.exitValue()).isZero();
  }
}
