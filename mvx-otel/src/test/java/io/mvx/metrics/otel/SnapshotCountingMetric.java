package io.mvx.metrics.otel;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;

/** Reports how often it was asked for its snapshot: one runtime snapshot asks every metric once. */
final class SnapshotCountingMetric implements Metric {
  private long calls;

  @Override
  public String metricName() {
    return "test.snapshots";
  }

  @Override
  public boolean handleEvent(MetricEvent event) {
    return false;
  }

  @Override
  public MetricSnapshot snapshot() {
    calls++;
    return MetricSnapshot.builder(metricName()).gauge("calls", calls).build();
  }
}
