package io.mvx.metrics.prometheus;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.test.AdapterCompatibilityKit;
import io.mvx.metrics.test.PrometheusReader;
import io.prometheus.client.CollectorRegistry;

/** {@link MvxCollector} held to the adapter compatibility kit: every collection is a 0.0.4 scrape. */
class PrometheusCompatibilityTest extends AdapterCompatibilityKit {

  @Override
  protected BoundAdapter bind(MetricsRuntime runtime) {
    CollectorRegistry registry = new CollectorRegistry();
    MvxCollector collector = new MvxCollector(runtime).register(registry);
    return new BoundAdapter() {
      private boolean closed;

      @Override
      public PrometheusReader collect() {
        return PrometheusReader.of(runtime.namespace(), registry);
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
