package io.mvx.metrics.benchmarks;

import io.mvx.metrics.MetricEvent;

/** The one immutable event the benchmarks emit, reused for every call: any allocation is the library's. */
final class CountEvent implements MetricEvent {

  static final CountEvent INSTANCE = new CountEvent();

  private CountEvent() {}

  @Override
  public String eventType() {
    return "bench.count";
  }
}
