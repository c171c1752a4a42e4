package io.mvx.metrics.reliability;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;

/** A metric whose snapshot is given: the hostile-input tests choose every name, label and value. */
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
