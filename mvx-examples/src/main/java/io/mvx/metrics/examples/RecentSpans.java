package io.mvx.metrics.examples;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's span processor: it counts the spans that ended and remembers the trace ids of the last
 * {@value #REMEMBERED} of them, so that the demo (and its tests) can tell which trace ids it created. The demo
 * has no tracing backend; the OpenTelemetry SDK starts real, sampled spans only when a tracer provider has a
 * processor, and this is the smallest real one. Thread-safe.
 */
public final class RecentSpans implements SpanProcessor {

  /** How many trace ids are remembered: bounded, the demo may run for days. */
  public static final int REMEMBERED = 10_000;

  private final AtomicLong ended = new AtomicLong();
  private final Set<String> traceIds = new LinkedHashSet<>();

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    ended.incrementAndGet();
    String traceId = span.getSpanContext().getTraceId();
    synchronized (traceIds) {
      traceIds.add(traceId);
      if (traceIds.size() > REMEMBERED) {
        traceIds.remove(traceIds.iterator().next());
      }
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  /** The spans that ended so far. */
  public long ended() {
    return ended.get();
  }

  /** Whether {@code traceId} is the trace of one of the last {@value #REMEMBERED} spans that ended. */
  public boolean created(String traceId) {
    synchronized (traceIds) {
      return traceIds.contains(traceId);
    }
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
