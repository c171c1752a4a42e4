package io.mvx.metrics;

/** What {@code registerEvent} does when the recorder's queue is full. */
public enum OverflowPolicy {
  /** Count the event as dropped and return normally. */
  DROP,
  /** Count the event as dropped and throw a {@link MetricsException} with {@code QUEUE_OVERFLOW}. */
  RAISE_ERROR
}
