package io.mvx.metrics.example;

import io.mvx.metrics.MetricEvent;

/** The seed's event: one document save attempt, with its outcome and duration. */
public record DocumentSaveAttemptMetricEvent(Outcome outcome, double durationMs) implements MetricEvent {

  /** How a save attempt ended. */
  public enum Outcome {
    /** The document was stored. */
    SUCCESS,
    /** The document was refused. */
    FAILURE
  }

  @Override
  public String eventType() {
    return "document_storage.save.attempt";
  }
}
