package io.mvx.metrics.otel;

import static io.mvx.metrics.otel.Exports.OVERFLOW;
import static io.mvx.metrics.otel.Exports.expected;
import static io.mvx.metrics.otel.Exports.metric;
import static io.mvx.metrics.otel.Exports.mvxPoints;
import static io.mvx.metrics.otel.Exports.points;
import static io.mvx.metrics.otel.Exports.recorder;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Collection;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** 10,000 per-connection recorders: one series per connection and instrument. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CardinalityTest {

  private static final int CONNECTIONS = 10_000;
  /** Received bytes are 1 + 2 + ... + 10,000. */
  private static final double TOTAL_RECEIVED = CONNECTIONS * (CONNECTIONS + 1) / 2.0;

  private final MetricsRuntime runtime =
      MetricsRuntime.builder("connections.metrics").logPolicy(LogPolicy.SILENT).build();

  @BeforeAll
  void createConnections() {
    runtime.start();
    for (int i = 1; i <= CONNECTIONS; i++) {
      RuntimeRecorder connection = runtime.createRecorder("connection-" + i);
      connection.registerMetric(new ConnectionTrafficMetric());
      connection.registerEvent(new ConnectionEvent(i, 0, "data"));
    }
  }

  @AfterAll
  void shutDown() {
    runtime.close();
  }

  @Test
  void tenThousandConnections_areAllExported_withACardinalityLimitRaisedByAView() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    SdkMeterProvider meterProvider = SdkMeterProvider.builder()
        .registerMetricReader(reader)
        .registerView(
            InstrumentSelector.builder().setMeterName("connections.metrics").build(),
            View.builder().setCardinalityLimit(20_000).build())
        .build();
    MvxOtelMetrics registration = MvxOtelMetrics.register(runtime, Exports.sdk(meterProvider));
    try {
      Collection<MetricData> data = reader.collectAllMetrics();

      Map<Attributes, Double> received = points(metric(data, "connection.traffic.received"));
      assertThat(received).hasSize(CONNECTIONS).containsEntry(recorder("connection-4242"), 4242.0);
      assertThat(received.values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(TOTAL_RECEIVED);
      assertThat(mvxPoints(data)).isEqualTo(expected(runtime.snapshot()));
    } finally {
      registration.close();
      meterProvider.close();
    }
  }

  @Test
  void tenThousandConnections_areAllExported_withAReaderWideCardinalityLimit() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    SdkMeterProvider meterProvider = SdkMeterProvider.builder()
        .registerMetricReader(reader, instrumentType -> 20_000)
        .build();
    MvxOtelMetrics registration = MvxOtelMetrics.register(runtime, Exports.sdk(meterProvider));
    try {
      Collection<MetricData> data = reader.collectAllMetrics();

      assertThat(points(metric(data, "connection.traffic.received"))).hasSize(CONNECTIONS);
      assertThat(points(metric(data, "connection.traffic.in_flight"))).hasSize(CONNECTIONS);
    } finally {
      registration.close();
      meterProvider.close();
    }
  }

  @Test
  void withoutAView_theSdkKeeps2000SeriesPerInstrument_andFoldsTheRestIntoOverflow() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    SdkMeterProvider meterProvider = SdkMeterProvider.builder().registerMetricReader(reader).build();
    MvxOtelMetrics registration = MvxOtelMetrics.register(runtime, Exports.sdk(meterProvider));
    try {
      Collection<MetricData> data = reader.collectAllMetrics();

      Map<Attributes, Double> received = points(metric(data, "connection.traffic.received"));
      assertThat(received).hasSize(2_000);
      assertThat(received.keySet().stream().filter(attributes -> attributes.get(OVERFLOW) != null))
          .containsExactly(Attributes.of(OVERFLOW, true));
      // the counter's total survives: the overflow series carries the sum of the folded connections
      assertThat(received.values().stream().mapToDouble(Double::doubleValue).sum()).isEqualTo(TOTAL_RECEIVED);
    } finally {
      registration.close();
      meterProvider.close();
    }
  }
}
