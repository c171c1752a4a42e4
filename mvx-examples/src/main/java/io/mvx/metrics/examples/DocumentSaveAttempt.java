package io.mvx.metrics.examples;

// tag::save-attempt-event[]
import io.mvx.metrics.MetricEvent;
// end::save-attempt-event[]

/**
 * One document save attempt, as the storage reports it.
 *
 * @param success whether the save succeeded
 * @param durationSeconds how long the attempt took
 */
// tag::save-attempt-event[]
public record DocumentSaveAttempt(boolean success, double durationSeconds) implements MetricEvent {

  @Override
  public String eventType() {
    return "document_storage.save.attempt";
  }
}
// end::save-attempt-event[]
