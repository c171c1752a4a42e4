package io.mvx.metrics;

import io.mvx.metrics.internal.ProcessingThread;
import java.util.Objects;

/**
 * The trace and span an event was registered in: what an exemplar links a bucket or a counter to. Taken on
 * the producing thread by {@code registerEvent} when exemplars are enabled
 * ({@link MetricsRuntime.Builder#exemplars(boolean)}, {@link RecorderOptions.Builder#exemplars(boolean)}), from
 * the OpenTelemetry context or from a {@link TraceContextSupplier}, and handed to the metrics with the event.
 *
 * <p>A metric that keeps exemplars reads {@link #current()} in {@link Metric#handleEvent}: {@link Histogram}
 * does so by itself, so every metric that records into a {@code Histogram} keeps one exemplar per bucket.
 *
 * @param traceId the trace id, for OpenTelemetry 32 lowercase hex digits; 1 to 64 characters
 * @param spanId the span id, for OpenTelemetry 16 lowercase hex digits; 1 to 64 characters
 */
public record TraceContext(String traceId, String spanId) {

  /** The longest trace or span id accepted (OpenMetrics allows 128 characters for an exemplar's labels). */
  public static final int MAX_ID_LENGTH = 64;

  /**
   * Validates the ids.
   *
   * @param traceId the trace id, 1 to {@value #MAX_ID_LENGTH} characters
   * @param spanId the span id, 1 to {@value #MAX_ID_LENGTH} characters
   * @throws NullPointerException if an id is null
   * @throws IllegalArgumentException if an id is empty or longer than {@value #MAX_ID_LENGTH} characters
   */
  public TraceContext {
    check(traceId, "traceId");
    check(spanId, "spanId");
  }

  private static void check(String id, String argument) {
    Objects.requireNonNull(id, argument);
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException("'" + (id.length() > MAX_ID_LENGTH ? id.substring(0, MAX_ID_LENGTH) + "..." : id)
          + "' (" + id.length() + " characters): " + argument + " must have 1 to " + MAX_ID_LENGTH + " characters");
    }
  }

  /**
   * The trace context captured with the event the calling metric is handling: non-null only on a runtime's
   * processing thread, inside {@link Metric#handleEvent}, for an event registered with exemplars enabled in a
   * sampled span.
   *
   * @return the event's trace context, or null
   */
  public static TraceContext current() {
    return Thread.currentThread() instanceof ProcessingThread thread ? thread.trace() : null;
  }
}
