package io.mvx.metrics.otel;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;

/** A metric that ignores events and always reports the same snapshot: for naming and mapping cases. */
final class FixedMetric implements Metric {
  private final MetricSnapshot snapshot;

  FixedMetric(MetricSnapshot snapshot) {
    this.snapshot = snapshot;
  }

  @Override
  public String metricName() {
    return snapshot.name();
  }

  @Override
  public boolean handleEvent(MetricEvent event) {
    return false;
  }

  @Override
  public MetricSnapshot snapshot() {
    return snapshot;
  }
}
