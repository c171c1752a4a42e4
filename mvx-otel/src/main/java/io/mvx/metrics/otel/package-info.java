/** Publishes the snapshots of a {@link io.mvx.metrics.MetricsRuntime} as OpenTelemetry observable instruments. */
package io.mvx.metrics.otel;
