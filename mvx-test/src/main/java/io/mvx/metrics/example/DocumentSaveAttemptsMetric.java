package io.mvx.metrics.example;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;

/** The seed's attempts metric: total, success_total and failure_total. */
public final class DocumentSaveAttemptsMetric implements Metric {
  private long success;
  private long failure;

  @Override
  public String metricName() {
    return "document_storage.save.attempts";
  }

  @Override
  public boolean handleEvent(MetricEvent event) {
    if (!(event instanceof DocumentSaveAttemptMetricEvent attempt)) {
      return false;
    }
    if (attempt.outcome() == DocumentSaveAttemptMetricEvent.Outcome.SUCCESS) {
      success++;
    } else {
      failure++;
    }
    return true;
  }

  @Override
  public MetricSnapshot snapshot() {
    return MetricSnapshot.builder(metricName())
        .description("Document save attempts by outcome")
        .counter("total", success + failure)
        .counter("success_total", success)
        .counter("failure_total", failure)
        .build();
  }
}
