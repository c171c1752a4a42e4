package io.mvx.metrics.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.HistogramValue;
import io.mvx.metrics.test.Promtool;
import io.mvx.metrics.test.TestMetrics;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fourth road to Prometheus: MVX through OpenTelemetry, exposed by OpenTelemetry's own Prometheus exporter
 * (its {@link PrometheusMetricReader} on client_java's HTTP server), scraped over a real socket. promtool finds
 * nothing to lint: every family has HELP (the description, else the metric name), counters end in
 * {@code _total}, and the histogram arrives with its buckets through {@link MvxOtelMetrics#metricProducer}. The
 * runtime's namespace is the OpenTelemetry scope ({@code otel_scope_name}), not a name prefix.
 */
class PromtoolOtelRoadTest {

  @Test
  void otelPrometheusExporter_scrapedOverHttp_isPromtoolClean() throws Exception {
    Promtool.require();
    MetricsRuntime runtime = MetricsRuntime.builder("shop").logPolicy(LogPolicy.SILENT).build();
    runtime.start();
    // target_info is the exporter's own family, written without HELP: not MVX's to lint
    PrometheusMetricReader reader = PrometheusMetricReader.builder().setTargetInfoMetricEnabled(false).build();
    SdkMeterProvider meterProvider = SdkMeterProvider.builder()
        .registerMetricReader(reader)
        .registerMetricProducer(MvxOtelMetrics.metricProducer(runtime))
        .build();
    MvxOtelMetrics registration =
        MvxOtelMetrics.register(runtime, OpenTelemetrySdk.builder().setMeterProvider(meterProvider).build());
    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(reader);
    HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").port(0).registry(registry).buildAndStart();
    try {
      RuntimeRecorder checkout = runtime.createRecorder("checkout");
      checkout.registerMetric(TestMetrics.fixed("orders", s -> s.description("Orders placed")
          .counter("placed", 12)
          .gauge("open", 3, Map.of("region", "eu"))));
      checkout.registerMetric(TestMetrics.fixed("undescribed", s -> s.gauge("depth", 7)));
      checkout.registerMetric(TestMetrics.fixed("request", s -> s.description("Request latency").unit("s")
          .histogram("latency", HistogramValue.of(new double[] {0.05, 0.5}, new long[] {4, 2, 1}, 1.9))));

      String scrape = get(server.getPort());

      assertThat(scrape)
          .contains("# HELP orders_placed_total Orders placed\n")
          .contains("orders_open{otel_scope_name=\"shop\",recorder=\"checkout\",region=\"eu\"} 3.0")
          .contains("# HELP undescribed_depth undescribed\n")
          .contains("request_latency_seconds_bucket{otel_scope_name=\"shop\",recorder=\"checkout\",le=\"0.5\"} 6");
      Promtool.Result result = Promtool.checkMetrics(scrape);
      assertThat(result.clean()).as(result + "\n" + scrape).isTrue();
    } finally {
      server.close();
      registration.close();
      meterProvider.close();
      runtime.close();
    }
  }

  private static String get(int port) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }
}
