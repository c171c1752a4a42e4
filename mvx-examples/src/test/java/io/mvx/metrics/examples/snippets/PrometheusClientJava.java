package io.mvx.metrics.examples.snippets;

// tag::prometheus-1x[]
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.prometheus.metrics.MvxMultiCollector;
import io.mvx.metrics.prometheus.metrics.MvxPrometheusMetricsServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
// end::prometheus-1x[]
import java.io.IOException;
import java.util.function.IntConsumer;

/** client_java 1.x: the collector in a registry, served by the scrape endpoint. */
final class PrometheusClientJava {

  private PrometheusClientJava() {}

  /** Serves {@code runtime} on 127.0.0.1:{@code port} while {@code whileServing} runs with the bound port. */
  static void serve(MetricsRuntime runtime, int port, IntConsumer whileServing) throws IOException {
    // tag::prometheus-1x[]
    PrometheusRegistry registry = new PrometheusRegistry();             // or PrometheusRegistry.defaultRegistry
    registry.register(new MvxMultiCollector(runtime));

    try (MvxPrometheusMetricsServer server = MvxPrometheusMetricsServer.builder(registry)
        .port(port)                                                     // 127.0.0.1 unless .allInterfaces()
        .build()) {
      // serves /metrics: text 0.0.4, OpenMetrics or protobuf (native histograms), as the scraper asks
      // end::prometheus-1x[]
      whileServing.accept(server.port());
      // tag::prometheus-1x[]
    }
    // end::prometheus-1x[]
  }
}
