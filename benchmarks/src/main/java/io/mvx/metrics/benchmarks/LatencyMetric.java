package io.mvx.metrics.benchmarks;

import io.mvx.metrics.Histogram;
import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;

/**
 * One histogram series per recorder: {@code conn.latency}, dimension {@code duration}, unit {@code s}, with
 * {@link Saves#BOUNDS}; {@code MvxCollector} exports it as the family {@code N_conn_latency_duration_seconds}.
 * Used where one recorder stands for one entity with one histogram (scrape, memory).
 */
final class LatencyMetric implements Metric {

  static final String NAME = "conn.latency";
  /** The Prometheus family name in namespace {@code namespace}. */
  static String family(String namespace) {
    return namespace + "_conn_latency_duration_seconds";
  }

  private final Histogram seconds = Histogram.withUpperBounds(Saves.BOUNDS);

  /** Starts with {@code observations} of the precomputed durations from {@code offset} on. */
  LatencyMetric(int offset, int observations) {
    for (int i = 0; i < observations; i++) {
      seconds.record(Saves.SECONDS[(offset + i) & Saves.MASK]);
    }
  }

  @Override
  public String metricName() {
    return NAME;
  }

  @Override
  public boolean handleEvent(MetricEvent event) {
    if (event instanceof SaveEvent save) {
      seconds.record(save.seconds());
      return true;
    }
    return false;
  }

  @Override
  public MetricSnapshot snapshot() {
    return MetricSnapshot.builder(NAME).description("connection latency").unit("s")
        .histogram("duration", seconds.snapshot()).build();
  }
}
