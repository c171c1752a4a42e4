/** Exports the metrics of an MVX {@code MetricsRuntime} to any Micrometer {@code MeterRegistry}. */
package io.mvx.metrics.micrometer;
