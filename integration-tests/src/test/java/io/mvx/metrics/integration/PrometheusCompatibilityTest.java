package io.mvx.metrics.integration;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.prometheus.MvxCollector;
import io.prometheus.client.CollectorRegistry;

class PrometheusCompatibilityTest extends AdapterCompatibilityKit {

  @Override
  BoundAdapter bind(MetricsRuntime runtime) {
    CollectorRegistry registry = new CollectorRegistry();
    MvxCollector collector = new MvxCollector(runtime).register(registry);
    return new BoundAdapter() {
      private boolean closed;

      @Override
      public SeriesReader collect() {
        return new PrometheusReader(runtime.namespace(), registry);
      }

      @Override
      public long seriesOf(String recorderId) {
        return new PrometheusReader(runtime.namespace(), registry).seriesOf(recorderId);
      }

      @Override
      public void close() {
        if (!closed) {
          closed = true;
          registry.unregister(collector);
        }
      }
    };
  }
}
