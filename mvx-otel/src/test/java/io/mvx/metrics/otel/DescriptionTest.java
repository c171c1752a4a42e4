package io.mvx.metrics.otel;

import static io.mvx.metrics.otel.Exports.metric;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.HistogramValue;
import io.mvx.metrics.test.TestMetrics;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Collection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every exported metric has a description, the metric name where the snapshot has none: OpenTelemetry's
 * Prometheus exporter writes it as HELP, and promtool fails a family without one.
 */
class DescriptionTest {

  private final MetricsRuntime runtime = new MetricsRuntime("help.metrics");
  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider meterProvider = SdkMeterProvider.builder().registerMetricReader(reader)
      .registerMetricProducer(MvxOtelMetrics.metricProducer(runtime)).build();

  @AfterEach
  void shutDown() {
    meterProvider.close();
    runtime.close();
  }

  @Test
  void metricWithoutDescription_isDescribedByItsName_onInstrumentsAndProducedHistograms() {
    runtime.start();
    RuntimeRecorder plain = runtime.createRecorder("plain");
    plain.registerMetric(TestMetrics.fixed("jobs", s -> s.counter("done_total", 4).gauge("queued", 2)
        .unit("s").histogram("wait", HistogramValue.of(new double[] {1}, new long[] {1, 0}, 0.5))));
    plain.registerMetric(TestMetrics.fixed("described", s -> s.description("Described here").gauge("v", 1)));

    MvxOtelMetrics registration = MvxOtelMetrics.register(runtime, Exports.sdk(meterProvider));
    try {
      Collection<MetricData> data = reader.collectAllMetrics();

      assertThat(metric(data, "jobs.done").getDescription()).isEqualTo("jobs");
      assertThat(metric(data, "jobs.queued").getDescription()).isEqualTo("jobs");
      assertThat(metric(data, "jobs.wait").getDescription()).isEqualTo("jobs");
      assertThat(metric(data, "described.v").getDescription()).isEqualTo("Described here");
      assertThat(data).allSatisfy(exported -> assertThat(exported.getDescription()).as(exported.getName())
          .isNotBlank());
    } finally {
      registration.close();
    }
  }
}
