package io.mvx.metrics.otel;

import static io.mvx.metrics.otel.Exports.OVERFLOW;
import static io.mvx.metrics.otel.Exports.metric;
import static io.mvx.metrics.otel.Exports.points;
import static io.mvx.metrics.otel.Exports.recorder;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsException;
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
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * The configuration the README gives a user with the default recorder limit: a view whose cardinality limit
 * is {@code maxRecorders + 1} (the SDK keeps one series for its overflow) exports every recorder of a full
 * runtime, and the runtime refuses the recorder after the last one instead of the SDK folding it into
 * overflow.
 */
class MaxRecordersCardinalityTest {

  @Test
  void aFullRuntimeOfDefaultMaxRecorders_isExportedWhole_withTheReadmeView() {
    int limit = MetricsRuntime.Builder.DEFAULT_MAX_RECORDERS;
    MetricsRuntime runtime = MetricsRuntime.builder("fleet.metrics").logPolicy(LogPolicy.SILENT).build();
    runtime.start();
    try {
      for (int i = 1; i <= limit; i++) {
        RuntimeRecorder connection = runtime.createRecorder("connection-" + i);
        connection.registerMetric(new ConnectionTrafficMetric());
        connection.registerEvent(new ConnectionEvent(i, 0, "data"));
      }
      Assertions.assertThatThrownBy(() -> runtime.createRecorder("one-too-many"))
          .isInstanceOfSatisfying(MetricsException.class,
              e -> assertThat(e.reasonCode()).isEqualTo(MetricsException.RECORDER_LIMIT_EXCEEDED));

      InMemoryMetricReader reader = InMemoryMetricReader.create();
      SdkMeterProvider meterProvider = SdkMeterProvider.builder()
          .registerMetricReader(reader)
          .registerView(InstrumentSelector.builder().setMeterName(runtime.namespace()).build(),
              View.builder().setCardinalityLimit(MetricsRuntime.Builder.DEFAULT_MAX_RECORDERS + 1).build())
          .build();
      MvxOtelMetrics registration = MvxOtelMetrics.register(runtime, Exports.sdk(meterProvider));
      try {
        Collection<MetricData> data = reader.collectAllMetrics();
        Map<Attributes, Double> received = points(metric(data, "connection.traffic.received"));
        assertThat(received).hasSize(limit).containsEntry(recorder("connection-" + limit), (double) limit);
        assertThat(received.keySet()).noneMatch(attributes -> attributes.get(OVERFLOW) != null);
      } finally {
        registration.close();
        meterProvider.close();
      }
    } finally {
      runtime.close();
    }
  }
}
