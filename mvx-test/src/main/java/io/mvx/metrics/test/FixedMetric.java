package io.mvx.metrics.test;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;

/**
 * A metric that ignores events and always reports the snapshot it was given: for tests that choose every
 * name, label and value (naming, mapping, hostile input).
 */
public final class FixedMetric implements Metric {

  private final MetricSnapshot snapshot;

  /**
   * A metric named after {@code snapshot} that always reports it.
   *
   * @param snapshot what the metric reports
   */
  public FixedMetric(MetricSnapshot snapshot) {
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
