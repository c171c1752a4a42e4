package io.mvx.metrics.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** Reads a {@code PrometheusMeterRegistry}'s client_java registry; loaded only where that class exists. */
final class PrometheusMeterRegistries {

  private PrometheusMeterRegistries() {}

  /** The client_java registry {@code registry} writes to, or null when it is no PrometheusMeterRegistry. */
  static Object prometheusRegistryOf(MeterRegistry registry) {
    return registry instanceof PrometheusMeterRegistry prometheus ? prometheus.getPrometheusRegistry() : null;
  }
}
