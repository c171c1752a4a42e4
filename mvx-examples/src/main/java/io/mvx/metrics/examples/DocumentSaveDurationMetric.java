package io.mvx.metrics.examples;

// tag::save-duration-metric[]
import io.mvx.metrics.Histogram;
import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;
// end::save-duration-metric[]

/**
 * Save durations, a histogram in seconds fed by the same event as {@link DocumentSaveAttemptsMetric}, with
 * client_java's default latency buckets ({@link Histogram#defaultLatencySeconds()}). Metric
 * {@code document_storage.save}, dimension {@code duration}, unit {@code s}: Prometheus scrapes it as the
 * histogram family {@code <namespace>_document_storage_save_duration_seconds} ({@code _bucket},
 * {@code _count}, {@code _sum}), OpenTelemetry as {@code document_storage.save.duration} in {@code s}.
 */
// tag::save-duration-metric[]
public final class DocumentSaveDurationMetric implements Metric {

  private final Histogram seconds = Histogram.defaultLatencySeconds();

  @Override
  public String metricName() {
    return "document_storage.save";
  }

  @Override
  public boolean handleEvent(MetricEvent event) {
    if (!(event instanceof DocumentSaveAttempt attempt)) {
      return false;
    }
    seconds.record(attempt.durationSeconds());
    return true;
  }

  @Override
  public MetricSnapshot snapshot() {
    return MetricSnapshot.builder(metricName())
        .description("Document save durations, failed attempts included")
        .unit("s")
        .histogram("duration", seconds.snapshot())
        .build();
  }
}
// end::save-duration-metric[]
