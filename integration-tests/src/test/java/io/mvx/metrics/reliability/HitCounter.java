package io.mvx.metrics.reliability;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;

/**
 * Counts hits: counter {@code count} (hits accepted) and gauge {@code last} (the value of the last hit).
 * Plain single-threaded state, as the contract allows.
 */
final class HitCounter implements Metric {

  private final String name;
  private long count;
  private long last;

  HitCounter(String name) {
    this.name = name;
  }

  @Override
  public String metricName() {
    return name;
  }

  @Override
  public boolean handleEvent(MetricEvent event) {
    if (!(event instanceof Hit hit)) {
      return false;
    }
    count++;
    last = hit.value();
    return true;
  }

  @Override
  public MetricSnapshot snapshot() {
    return MetricSnapshot.builder(name)
        .description("Hits counted by the reliability suite")
        .counter("count", count)
        .gauge("last", last)
        .build();
  }
}
