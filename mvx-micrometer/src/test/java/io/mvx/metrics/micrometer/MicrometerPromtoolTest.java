package io.mvx.metrics.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.example.DocumentSaveDurationMetric;
import io.mvx.metrics.example.DocumentStorage;
import io.mvx.metrics.example.TcpConnection;
import io.mvx.metrics.snapshot.HistogramValue;
import io.mvx.metrics.test.Promtool;
import io.mvx.metrics.test.TestMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Micrometer road through a {@code PrometheusMeterRegistry} passes {@code promtool check metrics}. */
class MicrometerPromtoolTest {

  private final MetricsRuntime runtime = new MetricsRuntime("example.metrics");
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @AfterEach
  void closeEverything() {
    registry.close();
    runtime.close();
  }

  @Test
  void metricsWithoutDescription_getTheMetricNameAsHelp_andTheScrapeIsPromtoolClean() {
    runtime.start();
    DocumentStorage storage =
        new DocumentStorage(runtime.createRecorder("document_storage"), new DocumentSaveDurationMetric());
    storage.saveDocument("doc-001", "First document");
    new TcpConnection(runtime.createRecorder("tcp-1 [10.0.0.1]")).received(new byte[100]);
    RuntimeRecorder plain = runtime.createRecorder("plain");
    plain.registerMetric(TestMetrics.fixed("jobs", s -> s.counter("done_total", 4).gauge("queued", 2)));
    plain.registerMetric(TestMetrics.fixed("payload", s -> s.unit("By")
        .histogram("size", HistogramValue.of(new double[] {10, 100}, new long[] {1, 2, 0}, 120))));
    plain.registerMetric(TestMetrics.fixed("wait", s -> s.unit("s")
        .histogram("time", HistogramValue.of(new double[] {0.1}, new long[] {3, 1}, 0.9))));

    try (MvxMeterBinder binder = new MvxMeterBinder(runtime)) {
      binder.bindTo(registry);
      String scrape = registry.scrape();

      assertThat(scrape)
          .contains("# HELP example_metrics_jobs_done_total jobs\n")
          .contains("# HELP example_metrics_jobs_queued jobs\n")
          .contains("# HELP example_metrics_wait_time_seconds wait\n");
      Promtool.Result result = Promtool.checkMetrics(scrape);
      assertThat(result.clean()).as("promtool on%n%s%nsaid %s", scrape, result).isTrue();
    }
  }
}
