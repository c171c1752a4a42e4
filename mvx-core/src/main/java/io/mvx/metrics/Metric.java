package io.mvx.metrics;

import io.mvx.metrics.snapshot.MetricSnapshot;

/**
 * A metric owns its measured state and decides how events change it; it also builds its own snapshot.
 *
 * <p>Implementations are plain single-threaded code: {@link #handleEvent} and {@link #snapshot} are only
 * ever called on the runtime's processing thread, so fields need no locks, atomics or volatiles. An
 * exception thrown by either method is caught, counted in the recorder's {@code handlerErrors} and logged;
 * the other metrics and the recorder carry on.
 *
 * <pre>{@code
 * final class DocumentSaveAttemptsMetric implements Metric {
 *   private long success;
 *   private long failure;
 *
 *   public String metricName() { return "document_storage.save.attempts"; }
 *
 *   public boolean handleEvent(MetricEvent event) {
 *     if (!(event instanceof DocumentSaveAttempt attempt)) return false;
 *     if (attempt.outcome() == Outcome.SUCCESS) success++; else failure++;
 *     return true;
 *   }
 *
 *   public MetricSnapshot snapshot() {
 *     return MetricSnapshot.builder(metricName())
 *         .counter("total", success + failure)
 *         .counter("success_total", success)
 *         .counter("failure_total", failure)
 *         .build();
 *   }
 * }
 * }</pre>
 */
public interface Metric {

  /**
   * The stable name of the metric, unique within its recorder, matching {@code [a-zA-Z_][a-zA-Z0-9_.]*}.
   * It is read once, at registration.
   *
   * @return the metric name
   */
  String metricName();

  /**
   * Applies an event if it is relevant to this metric.
   *
   * @param event the event a recorder took, of any type
   * @return {@code true} when the event was accepted and the state changed, {@code false} to ignore it
   */
  boolean handleEvent(MetricEvent event);

  /**
   * The current state as an immutable snapshot named {@link #metricName()}.
   *
   * @return the snapshot
   */
  MetricSnapshot snapshot();
}
