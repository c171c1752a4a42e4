package io.mvx.metrics.benchmarks;

import io.mvx.metrics.MetricEvent;

/**
 * One save attempt, the seed's own event: its outcome and its duration in seconds.
 *
 * @param success whether the save succeeded
 * @param seconds how long it took
 */
record SaveEvent(boolean success, double seconds) implements MetricEvent {

  @Override
  public String eventType() {
    return "bench.save";
  }
}
