package io.mvx.metrics.snapshot;

import java.util.Objects;

/**
 * One observation linked to the trace it happened in: the trace and span ids of the event, the value it
 * contributed and when. A histogram bucket ({@link HistogramValue#exemplar(int)}) or a counter
 * ({@link MetricValue#exemplar()}) carries at most one. Immutable and value-based.
 *
 * <p>Exporters write it where their backend can: Prometheus' OpenMetrics and protobuf formats as the labels
 * {@code trace_id} and {@code span_id} (only when those labels fit OpenMetrics' 128 characters, which
 * OpenTelemetry's 32 + 16 hex digits always do), OpenTelemetry as a point's exemplar with its span context.
 *
 * <pre>{@code
 * Exemplar exemplar = new Exemplar("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", 0.012,
 *     System.currentTimeMillis());
 * }</pre>
 *
 * @param traceId the trace id, for OpenTelemetry 32 lowercase hex digits; 1 to {@value #MAX_ID_LENGTH} characters
 * @param spanId the span id, for OpenTelemetry 16 lowercase hex digits; 1 to {@value #MAX_ID_LENGTH} characters
 * @param value the observed value (a histogram's observation, a counter's increment); not NaN
 * @param epochMillis when it was observed, in milliseconds since the epoch; {@code >= 0}
 */
public record Exemplar(String traceId, String spanId, double value, long epochMillis) {

  /** The longest trace or span id accepted, as {@code io.mvx.metrics.TraceContext} accepts them. */
  public static final int MAX_ID_LENGTH = 64;

  /**
   * Validates the arguments.
   *
   * @param traceId the trace id, 1 to {@value #MAX_ID_LENGTH} characters
   * @param spanId the span id, 1 to {@value #MAX_ID_LENGTH} characters
   * @param value the observed value, not NaN ({@code -0.0} becomes {@code 0.0})
   * @param epochMillis milliseconds since the epoch, {@code >= 0}
   * @throws NullPointerException if an id is null
   * @throws IllegalArgumentException if an argument breaks these rules; the message leads with the bad value
   */
  public Exemplar {
    checkId(traceId, "traceId");
    checkId(spanId, "spanId");
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("NaN: value of an exemplar must not be NaN");
    }
    if (epochMillis < 0) {
      throw new IllegalArgumentException(epochMillis + ": epochMillis must be >= 0");
    }
    value += 0.0;
  }

  private static void checkId(String id, String argument) {
    Objects.requireNonNull(id, argument);
    if (id.isEmpty() || id.length() > MAX_ID_LENGTH) {
      String shown = id.length() > MAX_ID_LENGTH ? id.substring(0, MAX_ID_LENGTH) + "..." : id;
      throw new IllegalArgumentException("'" + shown + "' (" + id.length() + " characters): " + argument
          + " must have 1 to " + MAX_ID_LENGTH + " characters");
    }
  }
}
