package io.mvx.metrics.examples;

import io.mvx.metrics.MetricsRecorder;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

/**
 * The seed's production component: it owns the business behaviour, receives an optional recorder and only
 * emits events. The demo has no real backend: every attempt, a rejected one too, makes one round trip to a
 * simulated backend whose time (drawn by {@link SaveLatency}) is added to the measured duration.
 */
public final class DocumentStorage {

  private final MetricsRecorder metrics;
  private final Map<String, String> documents = new ConcurrentHashMap<>();
  private final DoubleSupplier backendSeconds;

  /**
   * A storage reporting to {@code metrics}, with an instant backend.
   *
   * @param metrics the recorder to report to, or null when metrics are disabled
   */
  public DocumentStorage(MetricsRecorder metrics) {
    this(metrics, () -> 0.0);
  }

  /**
   * A storage reporting to {@code metrics} whose simulated backend takes {@code backendSeconds} per attempt.
   *
   * @param metrics the recorder to report to, or null when metrics are disabled
   * @param backendSeconds the simulated backend's time for each attempt, in seconds, called once per attempt
   */
  // tag::storage-constructor[]
  public DocumentStorage(MetricsRecorder metrics, DoubleSupplier backendSeconds) {
    this.backendSeconds = Objects.requireNonNull(backendSeconds, "backendSeconds");
    this.metrics = metrics == null ? MetricsRecorder.noop() : metrics;
    this.metrics.registerMetric(new DocumentSaveAttemptsMetric());
    this.metrics.registerMetric(new DocumentSaveDurationMetric());
  }
  // end::storage-constructor[]

  /**
   * Saves a document.
   *
   * @throws IllegalArgumentException when the content is blank (reported as a failed attempt)
   */
  public void saveDocument(String documentId, String content) {
    long start = System.nanoTime();
    double backend = backendSeconds.getAsDouble(); // the simulated round trip, which rejects blank content
    boolean success = false;
    try {
      if (content == null || content.isBlank()) {
        throw new IllegalArgumentException(documentId + ": content must not be blank");
      }
      documents.put(documentId, content);
      success = true;
    } finally {
      emit(new DocumentSaveAttempt(success, backend + (System.nanoTime() - start) / 1e9));
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
