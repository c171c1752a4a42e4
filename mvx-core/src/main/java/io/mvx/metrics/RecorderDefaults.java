package io.mvx.metrics;

import io.mvx.metrics.engine.Engine;
import io.mvx.metrics.internal.Checks;
import io.mvx.metrics.internal.OpenTelemetryTraces;
import java.time.Duration;
import java.util.Objects;

/**
 * What a runtime gives the recorders it creates, and how a recorder's {@link RecorderOptions} are checked
 * against it: the defaults of unset options, the bounds an option may not pass, the trace context supplier.
 */
final class RecorderDefaults {

  /** Why exemplars cannot be had: no supplier to take trace contexts from. */
  static final String NO_TRACES = "no traceContextSupplier and the OpenTelemetry API ("
      + OpenTelemetryTraces.SPAN_CLASS + ") is not on the class path";

  private final String namespace;
  private final int queueCapacity;
  private final OverflowPolicy overflowPolicy;
  private final Duration idleTimeout;
  private final int eventBufferCapacity;
  private final int maxLabelValueLength;
  private final boolean exemplars;
  /** The builder's supplier, else OpenTelemetry's; null when neither. */
  private final TraceContextSupplier traces;

  RecorderDefaults(String namespace, int queueCapacity, OverflowPolicy overflowPolicy, Duration idleTimeout,
      int eventBufferCapacity, int maxLabelValueLength, boolean exemplars, TraceContextSupplier traces) {
    this.namespace = namespace;
    this.queueCapacity = queueCapacity;
    this.overflowPolicy = overflowPolicy;
    this.idleTimeout = idleTimeout;
    this.eventBufferCapacity = eventBufferCapacity;
    this.maxLabelValueLength = maxLabelValueLength;
    this.exemplars = exemplars;
    this.traces = traces;
  }

  /** {@code supplier}, else OpenTelemetry's when its API is on the class path; null when neither. */
  static TraceContextSupplier traces(TraceContextSupplier supplier) {
    return supplier != null ? supplier : OpenTelemetryTraces.find();
  }

  /**
   * Checks {@code recorderId} and {@code options}, runs {@code beforeCreate} (the runtime's state check), and
   * has {@code engine} create the recorder; see {@link MetricsRuntime#createRecorder(String, RecorderOptions)}.
   */
  RuntimeRecorder create(Engine engine, String recorderId, RecorderOptions options, Runnable beforeCreate) {
    String id = Checks.identifier(recorderId, "recorderId");
    if (id.length() > maxLabelValueLength) {
      throw new IllegalArgumentException(Checks.quote(id.substring(0, Math.min(id.length(), 40))) + "... (" + id.length()
          + " characters): recorderId is longer than maxLabelValueLength " + maxLabelValueLength + " of runtime '"
          + namespace + "'; use a shorter id or raise MetricsRuntime.Builder.maxLabelValueLength");
    }
    Objects.requireNonNull(options, "options");
    int capacity = options.queueCapacity(queueCapacity);
    if (capacity > eventBufferCapacity) {
      throw new IllegalArgumentException(capacity + ": queueCapacity of recorder " + Checks.quote(id)
          + " exceeds eventBufferCapacity " + eventBufferCapacity + " of runtime '" + namespace + "'");
    }
    boolean withExemplars = options.exemplars(exemplars);
    if (withExemplars && traces == null) {
      throw new IllegalArgumentException(Checks.quote(id) + ": exemplars(true) for a recorder of runtime '" + namespace
          + "', which has " + NO_TRACES);
    }
    beforeCreate.run();
    return engine.create(id, capacity, options.overflowPolicy(overflowPolicy), options.listener(),
        withExemplars ? traces : null, options.idleTimeout(idleTimeout));
  }
}
