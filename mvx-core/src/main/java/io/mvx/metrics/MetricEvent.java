package io.mvx.metrics;

/**
 * A fact that production code reports, such as "a document save was attempted and failed".
 *
 * <p>Events carry their payload as fields of the implementing class (records suit them well) and should be
 * immutable: they cross from the emitting thread to the runtime's processing thread. The recorder never
 * interprets an event; each {@link Metric} decides whether it cares.
 *
 * <pre>{@code
 * record DocumentSaveAttempt(Outcome outcome, double durationMs) implements MetricEvent {
 *   public String eventType() { return "document_storage.save.attempt"; }
 * }
 * }</pre>
 */
public interface MetricEvent {

  /**
   * A stable name of the kind of fact, e.g. {@code "document_storage.save.attempt"}.
   *
   * @return the event type
   */
  String eventType();
}
