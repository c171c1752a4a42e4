package io.mvx.metrics.otel;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.test.AdapterCompatibilityKit;
import io.mvx.metrics.test.HistogramSupport;
import io.mvx.metrics.test.OtelReader;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;

/**
 * {@link MvxOtelMetrics} held to the adapter compatibility kit, collected by the real SDK: {@code register} for
 * counters and gauges, {@code metricProducer} for histograms.
 */
class OtelCompatibilityTest extends AdapterCompatibilityKit {

  /** Explicit buckets for classic histograms, exponential ones when the value keeps them (then only those). */
  @Override
  protected HistogramSupport histogramSupport() {
    return HistogramSupport.of(value -> value.exponential().isEmpty(), value -> value.exponential().isPresent());
  }

  @Override
  protected BoundAdapter bind(MetricsRuntime runtime) {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader)
        .registerMetricProducer(MvxOtelMetrics.metricProducer(runtime)).build();
    MvxOtelMetrics registration =
        MvxOtelMetrics.register(runtime, OpenTelemetrySdk.builder().setMeterProvider(provider).build());
    return new BoundAdapter() {
      @Override
      public OtelReader collect() {
        return new OtelReader(runtime.namespace(), reader.collectAllMetrics());
      }

      @Override
      public void close() {
        registration.close();
        provider.close();
      }
    };
  }
}
