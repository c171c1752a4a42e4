package io.mvx.metrics.example;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.MetricsRecorder;
import java.util.HashMap;
import java.util.Map;

/**
 * The seed's production component: it owns the business behaviour and only
 * emits events. Unlike the seed it can take another duration metric, e.g. one that follows Prometheus'
 * base-unit convention (seconds) instead of the seed's milliseconds.
 */
public final class DocumentStorage {
  private final MetricsRecorder metrics;
  private final Map<String, String> documents = new HashMap<>();

  /** A storage without metrics. */
  public DocumentStorage() {
    this(null);
  }

  /**
   * A storage that reports to {@code metrics}.
   *
   * @param metrics the recorder to report to, or null when metrics are disabled
   */
  public DocumentStorage(MetricsRecorder metrics) {
    this(metrics, new DocumentSaveAverageDurationMetric());
  }

  /**
   * A storage that reports attempts and {@code durationMetric} to {@code metrics}.
   *
   * @param metrics the recorder to report to, or null when metrics are disabled
   * @param durationMetric the metric that follows save durations
   */
  public DocumentStorage(MetricsRecorder metrics, Metric durationMetric) {
    this.metrics = metrics == null ? MetricsRecorder.noop() : metrics;
    this.metrics.registerMetric(new DocumentSaveAttemptsMetric());
    this.metrics.registerMetric(durationMetric);
  }

  /**
   * Saves a document; a blank content fails and is reported as a failed attempt.
   *
   * @param documentId the document's id
   * @param content its content
   */
  public void saveDocument(String documentId, String content) {
    long start = System.nanoTime();
    try {
      if (content == null || content.isBlank()) {
        throw new IllegalArgumentException(documentId + ": content must not be blank");
      }
      documents.put(documentId, content);
      emit(new DocumentSaveAttemptMetricEvent(DocumentSaveAttemptMetricEvent.Outcome.SUCCESS, elapsedMs(start)));
    } catch (RuntimeException e) {
      emit(new DocumentSaveAttemptMetricEvent(DocumentSaveAttemptMetricEvent.Outcome.FAILURE, elapsedMs(start)));
      throw e;
    }
  }

  private void emit(MetricEvent event) {
    try {
      metrics.registerEvent(event);
    } catch (RuntimeException ignored) {
      // metrics must never fail the business operation
    }
  }

  private static double elapsedMs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000.0;
  }
}
