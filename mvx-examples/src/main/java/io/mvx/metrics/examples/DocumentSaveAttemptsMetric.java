package io.mvx.metrics.examples;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;

/** Save attempts by outcome: {@code total}, {@code success_total}, {@code failure_total}. */
public final class DocumentSaveAttemptsMetric implements Metric {

  private long success;
  private long failure;

  @Override
  public String metricName() {
    return "document_storage.save.attempts";
  }

  @Override
  public boolean handleEvent(MetricEvent event) {
    if (!(event instanceof DocumentSaveAttempt attempt)) {
      return false;
    }
    if (attempt.success()) {
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
