package io.mvx.metrics.prometheus.metrics;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.test.AdapterCompatibilityKit;
import io.mvx.metrics.test.PrometheusMetricsText;
import io.mvx.metrics.test.PrometheusReader;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * {@link MvxMultiCollector} held to the adapter compatibility kit, the fourth adapter: every collection is a
 * scrape of a client_java 1.x registry written by client_java's own text format 0.0.4 writer.
 */
class PrometheusMetricsCompatibilityTest extends AdapterCompatibilityKit {

  @Override
  protected BoundAdapter bind(MetricsRuntime runtime) {
    PrometheusRegistry registry = new PrometheusRegistry();
    MvxMultiCollector collector = new MvxMultiCollector(runtime);
    registry.register(collector);
    return new BoundAdapter() {
      private boolean closed;

      @Override
      public PrometheusReader collect() {
        return PrometheusMetricsText.read(runtime.namespace(), registry);
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
