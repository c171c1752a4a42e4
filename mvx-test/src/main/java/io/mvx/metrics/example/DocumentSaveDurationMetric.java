package io.mvx.metrics.example;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;

/** Save durations in the base unit seconds, named the way Prometheus expects. */
public final class DocumentSaveDurationMetric implements Metric {
  private long saves;
  private double seconds;

  @Override
  public String metricName() {
    return "document_storage.save.duration";
  }

  @Override
  public boolean handleEvent(MetricEvent event) {
    if (!(event instanceof DocumentSaveAttemptMetricEvent attempt)) {
      return false;
    }
    saves++;
    seconds += attempt.durationMs() / 1000.0;
    return true;
  }

  @Override
  public MetricSnapshot snapshot() {
    return MetricSnapshot.builder(metricName())
        .description("Time spent saving documents")
        .unit("s")
        .counter("seconds_total", seconds)
        .counter("saves_total", saves)
        .gauge("average_seconds", saves == 0 ? 0.0 : seconds / saves)
        .build();
  }
}
