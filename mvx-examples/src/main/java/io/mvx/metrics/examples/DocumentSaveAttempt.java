package io.mvx.metrics.examples;

import io.mvx.metrics.MetricEvent;

/**
 * One document save attempt, as the storage reports it.
 *
 * @param success whether the save succeeded
 * @param durationSeconds how long the attempt took
 */
public record DocumentSaveAttempt(boolean success, double durationSeconds) implements MetricEvent {

  @Override
  public String eventType() {
    return "document_storage.save.attempt";
  }
}
