package io.mvx.metrics.otel;

import io.mvx.metrics.snapshot.ExponentialBuckets;
import io.mvx.metrics.snapshot.HistogramValue;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramBuckets;
import io.opentelemetry.sdk.metrics.data.ExponentialHistogramPointData;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link HistogramValue} as an OpenTelemetry point, through the SDK's public factories: explicit buckets
 * (bounds and per-bucket counts) or, when the value keeps them, exponential buckets (scale, zero count,
 * positive and negative offset and counts). Neither form carries a min or max: a snapshot does not keep them.
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
    return HistogramPointData.create(startNanos, nowNanos, attributes, value.sum(), false, 0, false, 0, bounds,
        counts);
  }

  /** The exponential point of a value that keeps exponential buckets. */
  static ExponentialHistogramPointData exponential(HistogramValue value, ExponentialBuckets buckets,
      long startNanos, long nowNanos, Attributes attributes) {
    return ExponentialHistogramPointData.create(buckets.scale(), value.sum(), buckets.zeroCount(), false, 0,
        false, 0, side(buckets.scale(), buckets.positive()), side(buckets.scale(), buckets.negative()),
        startNanos, nowNanos, attributes, List.of());
  }

  private static ExponentialHistogramBuckets side(int scale, ExponentialBuckets.Side side) {
    List<Long> counts = new ArrayList<>(side.bucketCount());
    for (int i = 0; i < side.bucketCount(); i++) {
      counts.add(side.count(i));
    }
    return ExponentialHistogramBuckets.create(scale, side.offset(), counts);
  }
}
