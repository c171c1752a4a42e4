/**
 * The MVX Metrics core: a {@link io.mvx.metrics.MetricsRuntime} owns one processing thread and the
 * registry of recorders, a recorder owns the metrics of one measured scope, and production code only
 * emits {@link io.mvx.metrics.MetricEvent}s to the {@link io.mvx.metrics.MetricsRecorder} it was given.
 */
package io.mvx.metrics;
