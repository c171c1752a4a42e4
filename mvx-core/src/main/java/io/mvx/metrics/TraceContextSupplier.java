package io.mvx.metrics;

/**
 * Where {@code registerEvent} takes an event's {@link TraceContext} from when exemplars are enabled: the
 * producing thread's current span. The default reads the OpenTelemetry context
 * ({@code Span.current()}, sampled spans only) when the OpenTelemetry API is on the class path; set another
 * with {@link MetricsRuntime.Builder#traceContextSupplier(TraceContextSupplier)} for another tracer.
 *
 * <p>It runs on the producer's thread for every event of a recorder with exemplars, so it must be fast and
 * must not block. What it throws is caught: the event is kept without a trace context and the failure is
 * logged (throttled).
 */
@FunctionalInterface
public interface TraceContextSupplier {

  /**
   * The calling thread's current span, if it should be linked from exemplars.
   *
   * @return the current trace context, or null when there is none (no span, or one not sampled)
   */
  TraceContext currentSpan();
}
