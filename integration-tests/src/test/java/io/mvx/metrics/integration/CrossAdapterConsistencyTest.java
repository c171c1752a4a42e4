package io.mvx.metrics.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.mvx.metrics.examples.Demo;
import io.mvx.metrics.examples.DemoOptions;
import io.mvx.metrics.prometheus.metrics.MvxMultiCollector;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.HistogramValue;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.snapshot.ValueKind;
import io.mvx.metrics.test.ExportedHistogram;
import io.mvx.metrics.test.MicrometerReader;
import io.mvx.metrics.test.OtelReader;
import io.mvx.metrics.test.PrometheusMetricsText;
import io.mvx.metrics.test.PrometheusReader;
import io.mvx.metrics.test.SeriesReader;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * One runtime exported through Prometheus (simpleclient and client_java 1.x), Micrometer and OpenTelemetry at
 * the same time.
 */
class CrossAdapterConsistencyTest {

  @Test
  void afterADeterministicWorkload_allFourAdaptersReportTheSnapshotValueOfEverySeries() throws Exception {
    try (Demo demo = Demo.startIdle(new DemoOptions(0, 25, Optional.empty(), Duration.ofSeconds(5),
        DemoOptions.PrometheusClient.SIMPLECLIENT), 42)) {
      PrometheusRegistry client1x = new PrometheusRegistry();
      client1x.register(new MvxMultiCollector(demo.runtime()));
      for (int tick = 0; tick < 200; tick++) {
        demo.workload().tick();
      }
      assertThat(demo.workload().connectionsClosed()).as("connections came and went").isPositive();

      RuntimeSnapshot snapshot = demo.runtime().snapshot();

      // Micrometer reads through a memoised snapshot: allow it its documented staleness (500 ms here)
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        List<SeriesReader> adapters = List.of(
            PrometheusReader.of(Demo.NAMESPACE, demo.prometheus().registry()),
            PrometheusMetricsText.read(Demo.NAMESPACE, client1x),
            new MicrometerReader(Demo.NAMESPACE, demo.meterRegistry()),
            new OtelReader(Demo.NAMESPACE, demo.otelReader().collect()));
        int series = 0;
        for (Map.Entry<String, Map<String, MetricSnapshot>> recorder : snapshot.recorders().entrySet()) {
          for (MetricSnapshot metric : recorder.getValue().values()) {
            for (MetricValue value : metric.values()) {
              for (SeriesReader adapter : adapters) {
                assertThat(adapter.value(recorder.getKey(), metric, value))
                    .as("%s: %s / %s / %s", adapter.getClass().getSimpleName(), recorder.getKey(),
                        metric.name(), value.dimension())
                    .hasValue(value.value());
              }
              if (value.kind() == ValueKind.HISTOGRAM) {
                assertHistogramAgrees(adapters, recorder.getKey(), metric, value);
              }
              series++;
            }
          }
        }
        assertThat(series).isEqualTo(2 + 1 + 25 * 4); // attempts by outcome, duration, 25 connections x 4
        for (String stat : List.of("accepted", "processed", "dropped", "rejected", "recorders")) {
          for (SeriesReader adapter : adapters) {
            assertThat(adapter.runtimeStat(stat)).as("%s %s", adapter.getClass().getSimpleName(), stat)
                .hasValue(adapters.get(0).runtimeStat(stat).orElseThrow());
          }
        }
        assertThat(adapters.get(0).runtimeStat("recorders")).hasValue(26);
        assertThat(adapters.get(0).runtimeStat("accepted")).hasValue(snapshot.stats().accepted());
      });
    }
  }

  /**
   * A histogram: count and sum agree in every adapter (Micrometer carries no more), and both Prometheus
   * adapters (adapters[0], adapters[1]) and OpenTelemetry (adapters[3]) agree on every bucket.
   */
  private static void assertHistogramAgrees(List<SeriesReader> adapters, String recorderId, MetricSnapshot metric,
      MetricValue value) {
    HistogramValue expected = value.histogram().orElseThrow();
    for (SeriesReader adapter : adapters) {
      ExportedHistogram exported = adapter.histogram(recorderId, metric, value).orElseThrow(() -> new AssertionError(
          adapter.getClass().getSimpleName() + " does not export histogram " + metric.name() + "/" + value.dimension()));
      assertThat(exported.count()).isEqualTo(expected.count());
      assertThat(exported.sum()).isCloseTo(expected.sum(), within(1e-9 * Math.max(1, Math.abs(expected.sum()))));
    }
    if (expected.exponential().isEmpty()) {
      assertThat(adapters.get(0).histogram(recorderId, metric, value).orElseThrow().classicBuckets())
          .isEqualTo(ExportedHistogram.classicBucketsOf(expected))
          .isEqualTo(adapters.get(1).histogram(recorderId, metric, value).orElseThrow().classicBuckets())
          .isEqualTo(adapters.get(3).histogram(recorderId, metric, value).orElseThrow().classicBuckets());
    }
  }
}
