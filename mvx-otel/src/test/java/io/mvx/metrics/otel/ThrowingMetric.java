package io.mvx.metrics.otel;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;

/** A metric whose snapshot always throws: the core isolates it, the adapter must carry on. */
final class ThrowingMetric implements Metric {

  @Override
  public String metricName() {
    return "broken.metric";
  }

  @Override
  public boolean handleEvent(MetricEvent event) {
    return false;
  }

  @Override
  public MetricSnapshot snapshot() {
    throw new IllegalStateException("snapshot is broken");
  }
}
