package io.mvx.metrics.spring.boot;

/**
 * Which client_java {@code PrometheusRegistry} the Prometheus road exports to, if any. Typed {@code Object}
 * so that the Micrometer road can ask without client_java on the class path.
 */
final class PrometheusExport {

  private static final PrometheusExport NONE = new PrometheusExport(null);

  private final Object registry;

  private PrometheusExport(Object registry) {
    this.registry = registry;
  }

  static PrometheusExport none() {
    return NONE;
  }

  static PrometheusExport to(Object registry) {
    return new PrometheusExport(registry);
  }

  /** True when MVX series reach {@code prometheusRegistry} through the collector. */
  boolean exportsTo(Object prometheusRegistry) {
    return registry != null && registry == prometheusRegistry;
  }
}
