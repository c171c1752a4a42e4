package io.mvx.metrics.examples;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;

/**
 * Save durations in seconds, fed by the same event as {@link DocumentSaveAttemptsMetric}: the running sum
 * (divided by the attempts' rate, a dashboard gets the average over any window) and the all-time average.
 */
public final class DocumentSaveDurationMetric implements Metric {

  private long count;
  private double secondsSum;

  @Override
  public String metricName() {
    return "document_storage.save.duration";
  }

  @Override
  public boolean handleEvent(MetricEvent event) {
    if (!(event instanceof DocumentSaveAttempt attempt)) {
      return false;
    }
    count++;
    secondsSum += attempt.durationSeconds();
    return true;
  }

  @Override
  public MetricSnapshot snapshot() {
    return MetricSnapshot.builder(metricName())
        .description("Document save durations")
        .unit("s")
        .counter("seconds_total", secondsSum)
        .gauge("average", count == 0 ? 0.0 : secondsSum / count)
        .build();
  }
}
