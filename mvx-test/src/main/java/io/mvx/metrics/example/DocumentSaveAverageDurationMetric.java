package io.mvx.metrics.example;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;

/** The seed's second metric fed by the same event: the average save duration. */
public final class DocumentSaveAverageDurationMetric implements Metric {
  private long total;
  private double durationMsTotal;

  @Override
  public String metricName() {
    return "document_storage.save.average_duration";
  }

  @Override
  public boolean handleEvent(MetricEvent event) {
    if (!(event instanceof DocumentSaveAttemptMetricEvent attempt)) {
      return false;
    }
    total++;
    durationMsTotal += attempt.durationMs();
    return true;
  }

  @Override
  public MetricSnapshot snapshot() {
    return MetricSnapshot.builder(metricName())
        .description("Document save durations")
        .unit("ms")
        .counter("total", total)
        .counter("duration_ms_total", durationMsTotal)
        .gauge("average_duration_ms", total == 0 ? 0.0 : durationMsTotal / total)
        .build();
  }
}
