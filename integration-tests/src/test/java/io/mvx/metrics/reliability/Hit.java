package io.mvx.metrics.reliability;

import io.mvx.metrics.MetricEvent;

/** The suite's event: one hit carrying a value. Producers reuse instances, so emitting allocates nothing. */
record Hit(long value) implements MetricEvent {

  /** A hit of value 1. */
  static final Hit ONE = new Hit(1);

  @Override
  public String eventType() {
    return "reliability.hit";
  }
}
