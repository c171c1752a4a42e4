package io.mvx.metrics.integration;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.otel.MvxOtelMetrics;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;

class OtelCompatibilityTest extends AdapterCompatibilityKit {

  @Override
  BoundAdapter bind(MetricsRuntime runtime) {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
    MvxOtelMetrics registration =
        MvxOtelMetrics.register(runtime, OpenTelemetrySdk.builder().setMeterProvider(provider).build());
    return new BoundAdapter() {
      @Override
      public SeriesReader collect() {
        return new OtelReader(runtime.namespace(), reader.collectAllMetrics());
      }

      @Override
      public long seriesOf(String recorderId) {
        return new OtelReader(runtime.namespace(), reader.collectAllMetrics()).seriesOf(recorderId);
      }

      @Override
      public void close() {
        registration.close();
        provider.close();
      }
    };
  }
}
