package io.mvx.metrics.integration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.micrometer.MvxMeterBinder;
import java.time.Duration;

class MicrometerCompatibilityTest extends AdapterCompatibilityKit {

  @Override
  BoundAdapter bind(MetricsRuntime runtime) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MvxMeterBinder binder = MvxMeterBinder.builder(runtime).staleness(Duration.ZERO).build();
    binder.bindTo(registry);
    return new BoundAdapter() {
      @Override
      public SeriesReader collect() {
        return new MicrometerReader(runtime.namespace(), registry);
      }

      @Override
      public long seriesOf(String recorderId) {
        return new MicrometerReader(runtime.namespace(), registry).seriesOf(recorderId);
      }

      @Override
      public void close() {
        binder.close();
      }
    };
  }
}
