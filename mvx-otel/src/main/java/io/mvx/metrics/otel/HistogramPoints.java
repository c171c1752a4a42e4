package io.mvx.metrics.otel;

import io.mvx.metrics.snapshot.Exemplar;
import io.mvx.metrics.snapshot.ExponentialBuckets;
import io.mvx.metrics.snapshot.HistogramValue;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.metrics.data.DoubleExemplarData;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramBuckets;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramPointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.internal.data.ImmutableHistogramPointData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@link HistogramValue} as an OpenTelemetry point, through the SDK's public factories: explicit buckets
 * (bounds and per-bucket counts) or, when the value keeps them, exponential buckets (scale, zero count,
 * positive and negative offset and counts). Neither form carries a min or max: a snapshot does not keep them.
 *
 * <p>Exemplars: each exemplar of the value (at most one per classic bucket) becomes a {@link DoubleExemplarData}
 * of the point, with its value, its time and a sampled {@link SpanContext} of its trace and span ids, and no
 * filtered attributes. An exemplar whose ids are not OpenTelemetry ids (32 and 16 lowercase hex digits, not all
 * zero; possible only with a custom {@code TraceContextSupplier}) is left out: OTLP could not carry it. The
 * SDK's public factory of explicit points has no exemplars, so a point with exemplars is made by
 * {@link ImmutableHistogramPointData}, the SDK's own implementation.
 */
final class HistogramPoints {

  private HistogramPoints() {}

  /** The explicit-bucket point: {@code bucketCount() - 1} finite bounds, one count per bucket. */
  static HistogramPointData explicit(HistogramValue value, long startNanos, long nowNanos, Attributes attributes) {
    int buckets = value.bucketCount();
    List<Double> bounds = new ArrayList<>(buckets - 1);
    List<Long> counts = new ArrayList<>(buckets);
    for (int i = 0; i < buckets; i++) {
      if (i < buckets - 1) {
        bounds.add(value.upperBound(i));
      }
      counts.add(value.count(i));
    }
    List<DoubleExemplarData> exemplars = exemplars(value);
    return exemplars.isEmpty()
        ? HistogramPointData.create(startNanos, nowNanos, attributes, value.sum(), false, 0, false, 0, bounds, counts)
        : ImmutableHistogramPointData.create(startNanos, nowNanos, attributes, value.sum(), false, 0, false, 0, bounds,
            counts, exemplars);
  }

  /** The exponential point of a value that keeps exponential buckets. */
  static ExponentialHistogramPointData exponential(HistogramValue value, ExponentialBuckets buckets,
      long startNanos, long nowNanos, Attributes attributes) {
    return ExponentialHistogramPointData.create(buckets.scale(), value.sum(), buckets.zeroCount(), false, 0,
        false, 0, side(buckets.scale(), buckets.positive()), side(buckets.scale(), buckets.negative()),
        startNanos, nowNanos, attributes, exemplars(value));
  }

  /** The value's exemplars that OpenTelemetry can carry, as the SDK's exemplar data. */
  static List<DoubleExemplarData> exemplars(HistogramValue value) {
    List<Exemplar> present = value.exemplars();
    if (present.isEmpty()) {
      return List.of();
    }
    List<DoubleExemplarData> out = new ArrayList<>(present.size());
    for (Exemplar exemplar : present) {
      SpanContext span = SpanContext.create(exemplar.traceId(), exemplar.spanId(), TraceFlags.getSampled(),
          TraceState.getDefault());
      if (span.isValid()) {
        out.add(DoubleExemplarData.create(Attributes.empty(),
            TimeUnit.MILLISECONDS.toNanos(exemplar.epochMillis()), span, exemplar.value()));
      }
    }
    return out;
  }

  private static ExponentialHistogramBuckets side(int scale, ExponentialBuckets.Side side) {
    List<Long> counts = new ArrayList<>(side.bucketCount());
    for (int i = 0; i < side.bucketCount(); i++) {
      counts.add(side.count(i));
    }
    return ExponentialHistogramBuckets.create(scale, side.offset(), counts);
  }
}
