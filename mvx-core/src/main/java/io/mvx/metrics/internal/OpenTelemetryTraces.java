package io.mvx.metrics.internal;

import io.mvx.metrics.TraceContext;
import io.mvx.metrics.TraceContextSupplier;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The default {@link TraceContextSupplier}: the current span of the OpenTelemetry context, found through
 * method handles so that the core needs the OpenTelemetry API only when it is there (looked up by the core's
 * class loader, then the thread's context class loader). Sampled, valid spans only: an exemplar should point
 * at a trace the backend keeps. The handles are static finals, so the JIT compiles the calls as direct ones.
 *
 * <p>Internal: not API, may change without notice.
 */
public final class OpenTelemetryTraces implements TraceContextSupplier {

  /** The class the OpenTelemetry API is recognised by. */
  public static final String SPAN_CLASS = "io.opentelemetry.api.trace.Span";

  private static final OpenTelemetryTraces INSTANCE;
  private static final MethodHandle CURRENT_SPAN;
  private static final MethodHandle SPAN_CONTEXT;
  private static final MethodHandle IS_VALID;
  private static final MethodHandle IS_SAMPLED;
  private static final MethodHandle TRACE_ID;
  private static final MethodHandle SPAN_ID;

  static {
    MethodHandle[] handles = handles(OpenTelemetryTraces.class.getClassLoader());
    if (handles == null) {
      handles = handles(Thread.currentThread().getContextClassLoader());
    }
    INSTANCE = handles == null ? null : new OpenTelemetryTraces();
    MethodHandle[] found = handles == null ? new MethodHandle[6] : handles;
    CURRENT_SPAN = found[0];
    SPAN_CONTEXT = found[1];
    IS_VALID = found[2];
    IS_SAMPLED = found[3];
    TRACE_ID = found[4];
    SPAN_ID = found[5];
  }

  private OpenTelemetryTraces() {}

  /**
   * The supplier, when the OpenTelemetry API is on the class path.
   *
   * @return the supplier, or null when the API is not there
   */
  public static TraceContextSupplier find() {
    return INSTANCE;
  }

  private static MethodHandle[] handles(ClassLoader loader) {
    if (loader == null) {
      return null;
    }
    try {
      Class<?> span = Class.forName(SPAN_CLASS, false, loader);
      Class<?> context = Class.forName("io.opentelemetry.api.trace.SpanContext", false, loader);
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      MethodType objectToObject = MethodType.methodType(Object.class, Object.class);
      MethodType objectToBoolean = MethodType.methodType(boolean.class, Object.class);
      MethodType objectToString = MethodType.methodType(String.class, Object.class);
      return new MethodHandle[] {
        lookup.findStatic(span, "current", MethodType.methodType(span)).asType(MethodType.methodType(Object.class)),
        lookup.findVirtual(span, "getSpanContext", MethodType.methodType(context)).asType(objectToObject),
        lookup.findVirtual(context, "isValid", MethodType.methodType(boolean.class)).asType(objectToBoolean),
        lookup.findVirtual(context, "isSampled", MethodType.methodType(boolean.class)).asType(objectToBoolean),
        lookup.findVirtual(context, "getTraceId", MethodType.methodType(String.class)).asType(objectToString),
        lookup.findVirtual(context, "getSpanId", MethodType.methodType(String.class)).asType(objectToString)
      };
    } catch (ReflectiveOperationException | LinkageError | SecurityException e) {
      return null;
    }
  }

  @Override
  public TraceContext currentSpan() {
    return currentSpan(null);
  }

  /**
   * The current span, as {@link #currentSpan()}; {@code previous} itself when it names the same span (the
   * SDK hands out the same id strings for one span), so that the events of one span allocate nothing.
   *
   * @param previous the context the calling thread took last, or null
   * @return the current trace context, or null when there is none or it is not sampled
   */
  public TraceContext currentSpan(TraceContext previous) {
    try {
      Object context = (Object) SPAN_CONTEXT.invokeExact((Object) CURRENT_SPAN.invokeExact());
      if (!(boolean) IS_VALID.invokeExact(context) || !(boolean) IS_SAMPLED.invokeExact(context)) {
        return null;
      }
      String traceId = (String) TRACE_ID.invokeExact(context);
      String spanId = (String) SPAN_ID.invokeExact(context);
      if (previous != null && previous.traceId() == traceId && previous.spanId() == spanId) {
        return previous;
      }
      return new TraceContext(traceId, spanId);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "OpenTelemetry Span.current()";
  }
}
