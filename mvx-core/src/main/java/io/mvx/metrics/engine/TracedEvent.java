package io.mvx.metrics.engine;

import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.TraceContext;

/**
 * An event of a recorder with exemplars, with the trace context taken on its producer's thread. The
 * processing thread unwraps it: metrics get the event itself, and {@link TraceContext#current()} the context.
 */
final class TracedEvent implements MetricEvent {

  final MetricEvent event;
  final TraceContext trace;

  TracedEvent(MetricEvent event, TraceContext trace) {
    this.event = event;
    this.trace = trace;
  }

  @Override
  public String eventType() {
    return event.eventType();
  }
}
