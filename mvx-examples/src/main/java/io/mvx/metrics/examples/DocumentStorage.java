package io.mvx.metrics.examples;

import io.mvx.metrics.MetricsRecorder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The seed's production component: it owns the business behaviour, receives an optional recorder and only
 * emits events.
 */
public final class DocumentStorage {

  private final MetricsRecorder metrics;
  private final Map<String, String> documents = new ConcurrentHashMap<>();

  /**
   * A storage reporting to {@code metrics}.
   *
   * @param metrics the recorder to report to, or null when metrics are disabled
   */
  public DocumentStorage(MetricsRecorder metrics) {
    this.metrics = metrics == null ? MetricsRecorder.noop() : metrics;
    this.metrics.registerMetric(new DocumentSaveAttemptsMetric());
    this.metrics.registerMetric(new DocumentSaveDurationMetric());
  }

  /**
   * Saves a document.
   *
   * @throws IllegalArgumentException when the content is blank (reported as a failed attempt)
   */
  public void saveDocument(String documentId, String content) {
    long start = System.nanoTime();
    boolean success = false;
    try {
      if (content == null || content.isBlank()) {
        throw new IllegalArgumentException(documentId + ": content must not be blank");
      }
      documents.put(documentId, content);
      success = true;
    } finally {
      emit(new DocumentSaveAttempt(success, (System.nanoTime() - start) / 1e9));
    }
  }

  /** The number of stored documents. */
  public int size() {
    return documents.size();
  }

  private void emit(DocumentSaveAttempt attempt) {
    try {
      metrics.registerEvent(attempt);
    } catch (RuntimeException e) {
      // metrics must never fail the business operation
    }
  }
}
