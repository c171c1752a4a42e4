package io.mvx.metrics.snapshot;

/** How a {@link MetricValue} behaves over time, which decides how adapters export it. */
public enum ValueKind {
  /** A monotonic total: it only goes up (or restarts from zero with the process). */
  COUNTER,
  /** A value that goes up and down, such as an average, a size or a level. */
  GAUGE,
  /**
   * A distribution of observations, cumulative since the metric was created; the value carries a
   * {@link HistogramValue} ({@link MetricValue#histogram()}) and its number is the count of observations.
   */
  HISTOGRAM
}
