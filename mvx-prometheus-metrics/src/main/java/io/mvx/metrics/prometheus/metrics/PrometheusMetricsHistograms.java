package io.mvx.metrics.prometheus.metrics;

import io.mvx.metrics.snapshot.ExponentialBuckets;
import io.mvx.metrics.snapshot.HistogramValue;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.Exemplar;
import io.prometheus.metrics.model.snapshots.Exemplars;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.NativeHistogramBuckets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@link HistogramValue} as a client_java 1.x histogram data point: its classic buckets, and a native
 * histogram when the value carries an {@linkplain HistogramValue#exponential() exponential form}.
 *
 * <p>Native schema: Prometheus' schema is the exponential form's scale, but Prometheus accepts only
 * {@value #MIN_SCHEMA} to {@value #MAX_SCHEMA}. A finer scale is {@linkplain ExponentialBuckets#downscale
 * merged down} to {@value #MAX_SCHEMA} (exact: each schema-8 bucket is the union of whole finer buckets). A
 * coarser scale than {@value #MIN_SCHEMA} (observations spanning more than {@code 16 * maxBuckets} binary
 * orders of magnitude) cannot be refined, so such a value is exported with its classic buckets only and
 * reported to the caller, which logs it; nothing is left out, so it is not counted as a skip. Bucket indices:
 * the core's bucket {@code i} counts magnitudes in {@code (base^i, base^(i+1)]}, and Prometheus names a bucket
 * by its upper bound, so the native index is {@code i + 1}, on both signs. The zero bucket counts exact zeros
 * (threshold 0).
 *
 * <p>Exemplars: the value's exemplars (at most one per classic bucket) become the data point's
 * {@link Exemplars}, labelled {@code trace_id} and {@code span_id}, with their timestamps. The 1.x writers put
 * each in the classic bucket its value falls in (OpenMetrics text and protobuf); a native-only data point's
 * text form writes its exemplar on the {@code +Inf} bucket, and the protobuf form of native buckets carries the
 * exemplars where the client_java version writes them.
 *
 * <p>Classic buckets: a value with configured bounds keeps them next to the native buckets (for servers that
 * only read classic histograms). A value whose classic form is the {@code +Inf} bucket alone (a histogram made
 * with {@code Histogram.exponential(maxBuckets)}) becomes a native-only data point; the text formats still
 * write its {@code le="+Inf"} bucket, {@code _count} and {@code _sum}, as they would for the classic form.
 */
final class PrometheusMetricsHistograms {

  /** The coarsest schema Prometheus accepts. */
  static final int MIN_SCHEMA = -4;
  /** The finest schema Prometheus accepts. */
  static final int MAX_SCHEMA = 8;

  private PrometheusMetricsHistograms() {}

  /**
   * The data point of {@code value}.
   *
   * @param nativeFallback told when {@code value} has an exponential form too coarse for a native histogram
   */
  static HistogramDataPointSnapshot dataPoint(HistogramValue value, Labels labels,
      Consumer<HistogramValue> nativeFallback) {
    Optional<ExponentialBuckets> exponential = value.exponential().flatMap(PrometheusMetricsHistograms::nativeForm);
    if (value.exponential().isPresent() && exponential.isEmpty()) {
      nativeFallback.accept(value);
    }
    ClassicHistogramBuckets classic = exponential.isEmpty() || value.bucketCount() > 1
        ? classicBuckets(value) : ClassicHistogramBuckets.EMPTY;
    Exemplars exemplars = exemplars(value);
    if (exponential.isEmpty()) {
      return new HistogramDataPointSnapshot(classic, value.sum(), labels, exemplars, 0);
    }
    ExponentialBuckets buckets = exponential.get();
    return new HistogramDataPointSnapshot(classic, buckets.scale(), buckets.zeroCount(), buckets.zeroThreshold(),
        nativeBuckets(buckets.positive()), nativeBuckets(buckets.negative()), value.sum(), labels,
        exemplars, 0);
  }

  private static Exemplars exemplars(HistogramValue value) {
    List<io.mvx.metrics.snapshot.Exemplar> present = value.exemplars();
    if (present.isEmpty()) {
      return Exemplars.EMPTY;
    }
    List<Exemplar> out = new ArrayList<>(present.size());
    for (io.mvx.metrics.snapshot.Exemplar exemplar : present) {
      out.add(exemplar(exemplar));
    }
    return Exemplars.of(out);
  }

  /** An MVX exemplar as client_java's: labels {@code trace_id} and {@code span_id}, value and timestamp. */
  static Exemplar exemplar(io.mvx.metrics.snapshot.Exemplar exemplar) {
    return Exemplar.builder()
        .value(exemplar.value())
        .traceId(exemplar.traceId())
        .spanId(exemplar.spanId())
        .timestampMillis(exemplar.epochMillis())
        .build();
  }

  /** The exponential form at a schema Prometheus accepts, or empty when it is coarser than -4. */
  static Optional<ExponentialBuckets> nativeForm(ExponentialBuckets buckets) {
    if (buckets.scale() > MAX_SCHEMA) {
      return Optional.of(buckets.downscale(MAX_SCHEMA));
    }
    return buckets.scale() < MIN_SCHEMA ? Optional.empty() : Optional.of(buckets);
  }

  private static ClassicHistogramBuckets classicBuckets(HistogramValue value) {
    int n = value.bucketCount();
    double[] upperBounds = new double[n];
    long[] counts = new long[n];
    for (int i = 0; i < n; i++) {
      upperBounds[i] = value.upperBound(i);
      counts[i] = value.count(i);
    }
    return ClassicHistogramBuckets.of(upperBounds, counts);
  }

  /** The non-empty buckets of one sign, each at its Prometheus index (the core's index plus one). */
  static NativeHistogramBuckets nativeBuckets(ExponentialBuckets.Side side) {
    int nonEmpty = 0;
    for (int i = 0; i < side.bucketCount(); i++) {
      if (side.count(i) > 0) {
        nonEmpty++;
      }
    }
    int[] indexes = new int[nonEmpty];
    long[] counts = new long[nonEmpty];
    int j = 0;
    for (int i = 0; i < side.bucketCount(); i++) {
      if (side.count(i) > 0) {
        indexes[j] = side.offset() + i + 1;
        counts[j++] = side.count(i);
      }
    }
    return NativeHistogramBuckets.of(indexes, counts);
  }
}
