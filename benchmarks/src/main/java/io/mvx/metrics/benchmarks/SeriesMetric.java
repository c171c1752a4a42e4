package io.mvx.metrics.benchmarks;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;

/**
 * A metric with {@value #VALUES} unlabelled counter values ({@code d0_total} ... {@code d9_total}), as a
 * per-connection metric with several counters has. Used by the scrape benchmark, where a recorder of this
 * metric is {@value #VALUES} series.
 */
final class SeriesMetric implements Metric {

  static final String NAME = "conn";
  static final int VALUES = 10;
  static final String[] DIMENSIONS = new String[VALUES];

  static {
    for (int d = 0; d < VALUES; d++) {
      DIMENSIONS[d] = "d" + d + "_total";
    }
  }

  private final long[] counts = new long[VALUES];

  /** Starts the counters at {@code base + d}, so every series has its own value. */
  SeriesMetric(long base) {
    for (int d = 0; d < VALUES; d++) {
      counts[d] = base + d;
    }
  }

  @Override
  public String metricName() {
    return NAME;
  }

  @Override
  public boolean handleEvent(MetricEvent event) {
    if (event instanceof CountEvent) {
      counts[0]++;
      return true;
    }
    return false;
  }

  @Override
  public MetricSnapshot snapshot() {
    MetricSnapshot.Builder builder = MetricSnapshot.builder(NAME).description("connection counters");
    for (int d = 0; d < VALUES; d++) {
      builder.counter(DIMENSIONS[d], counts[d]);
    }
    return builder.build();
  }
}
