package io.mvx.metrics.benchmarks;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;

/**
 * The metric work every pipeline does per event: count {@link CountEvent}s. Plain single-threaded code, as
 * MVX metrics are; the baseline pipeline of {@link ThroughputBenchmark} runs it on its own consumer thread.
 */
final class CounterMetric implements Metric {

  static final String NAME = "events";
  static final String DIMENSION = "total";

  private long count;

  @Override
  public String metricName() {
    return NAME;
  }

  @Override
  public boolean handleEvent(MetricEvent event) {
    if (event instanceof CountEvent) {
      count++;
      return true;
    }
    return false;
  }

  @Override
  public MetricSnapshot snapshot() {
    return MetricSnapshot.builder(NAME).counter(DIMENSION, count).build();
  }

  /** The count; read it only on the thread that calls {@link #handleEvent}, or after a hand-off. */
  long count() {
    return count;
  }
}
