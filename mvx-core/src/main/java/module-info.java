/**
 * MVX Metrics core: the runtime, recorders and metrics ({@code io.mvx.metrics}) and the immutable snapshot
 * model ({@code io.mvx.metrics.snapshot}). The engine is not exported; {@code io.mvx.metrics.internal} is
 * exported to the MVX adapters only. The core requires nothing beyond {@code java.base}.
 */
module io.mvx.metrics {
  exports io.mvx.metrics;
  exports io.mvx.metrics.snapshot;
  exports io.mvx.metrics.internal to
      io.mvx.metrics.prometheus,
      io.mvx.metrics.prometheus.metrics,
      io.mvx.metrics.micrometer,
      io.mvx.metrics.otel;
  exports io.mvx.metrics.internal.export to
      io.mvx.metrics.prometheus,
      io.mvx.metrics.prometheus.metrics,
      io.mvx.metrics.micrometer,
      io.mvx.metrics.otel;
}
