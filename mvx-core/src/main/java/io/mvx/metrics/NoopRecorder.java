package io.mvx.metrics;

import io.mvx.metrics.snapshot.MetricSnapshot;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The recorder behind {@link MetricsRecorder#noop()}. */
final class NoopRecorder implements MetricsRecorder {

  static final NoopRecorder INSTANCE = new NoopRecorder();

  private NoopRecorder() {}

  @Override
  public void registerMetric(Metric metric) {
    Objects.requireNonNull(metric, "metric");
  }

  @Override
  public void registerEvent(MetricEvent event) {
    Objects.requireNonNull(event, "event");
  }

  @Override
  public Map<String, MetricSnapshot> getMetricSnapshots() {
    return Map.of();
  }

  @Override
  public List<Metric> metrics() {
    return List.of();
  }

  @Override
  public String toString() {
    return "MetricsRecorder.noop()";
  }
}
