package io.mvx.metrics.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mvx.metrics.examples.Demo;
import io.mvx.metrics.examples.DemoOptions;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.test.MicrometerReader;
import io.mvx.metrics.test.OtelReader;
import io.mvx.metrics.test.PrometheusReader;
import io.mvx.metrics.test.SeriesReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One runtime exported through Prometheus, Micrometer and OpenTelemetry at the same time. */
class CrossAdapterConsistencyTest {

  @Test
  void afterADeterministicWorkload_allThreeAdaptersReportTheSnapshotValueOfEverySeries() throws Exception {
    try (Demo demo = Demo.startIdle(new DemoOptions(0, 25, Optional.empty(), Duration.ofSeconds(5)), 42)) {
      for (int tick = 0; tick < 200; tick++) {
        demo.workload().tick();
      }
      assertThat(demo.workload().connectionsClosed()).as("connections came and went").isPositive();

      RuntimeSnapshot snapshot = demo.runtime().snapshot();

      // Micrometer reads through a memoised snapshot: allow it its documented staleness (500 ms here)
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
        List<SeriesReader> adapters = List.of(
            PrometheusReader.of(Demo.NAMESPACE, demo.prometheus().registry()),
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
}
