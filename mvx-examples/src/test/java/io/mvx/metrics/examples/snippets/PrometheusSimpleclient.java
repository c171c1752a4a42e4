package io.mvx.metrics.examples.snippets;

// tag::prometheus-simpleclient[]
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.prometheus.MvxCollector;
import io.mvx.metrics.prometheus.MvxPrometheusServer;
import io.prometheus.client.CollectorRegistry;
// end::prometheus-simpleclient[]
import java.io.IOException;
import java.util.function.IntConsumer;

/** simpleclient 0.16: the collector in a registry, served with Basic authentication when a password is set. */
final class PrometheusSimpleclient {

  private PrometheusSimpleclient() {}

  /** Serves {@code runtime} on 127.0.0.1:{@code port} while {@code whileServing} runs with the bound port. */
  static void serve(MetricsRuntime runtime, int port, IntConsumer whileServing) throws IOException {
    // tag::prometheus-simpleclient[]
    CollectorRegistry registry = new CollectorRegistry();
    new MvxCollector(runtime).register(registry);                       // or CollectorRegistry.defaultRegistry

    MvxPrometheusServer.Builder builder = MvxPrometheusServer.builder(registry)
        .port(port);                                                    // 127.0.0.1 unless .allInterfaces()
    String password = System.getenv("SCRAPE_PASSWORD");
    if (password != null) {                                             // Basic authentication is optional
      builder.basicAuthentication("prometheus", password);
    }
    try (MvxPrometheusServer server = builder.build()) {
      // serves /metrics (text 0.0.4 or OpenMetrics, gzip) and /-/healthy
      // end::prometheus-simpleclient[]
      whileServing.accept(server.port());
      // tag::prometheus-simpleclient[]
    }
    // end::prometheus-simpleclient[]
  }
}
