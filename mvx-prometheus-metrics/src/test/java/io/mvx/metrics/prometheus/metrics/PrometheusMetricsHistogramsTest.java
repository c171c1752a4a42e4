package io.mvx.metrics.prometheus.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.Histogram;
import io.mvx.metrics.snapshot.ExponentialBuckets;
import io.mvx.metrics.snapshot.HistogramValue;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.NativeHistogramBucket;
import io.prometheus.metrics.model.snapshots.NativeHistogramBuckets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusMetricsHistogramsTest {

  private static final Labels LABELS = Labels.of("recorder", "r");
  private final List<HistogramValue> fallbacks = new ArrayList<>();

  private HistogramDataPointSnapshot point(HistogramValue value) {
    return PrometheusMetricsHistograms.dataPoint(value, LABELS, fallbacks::add);
  }

  private static Map<Integer, Long> buckets(NativeHistogramBuckets buckets) {
    Map<Integer, Long> out = new LinkedHashMap<>();
    for (NativeHistogramBucket bucket : buckets) {
      out.put(bucket.getBucketIndex(), bucket.getCount());
    }
    return out;
  }

  @Test
  void classicHistogram_keepsItsBuckets_countAndSum_withoutNativeData() {
    HistogramValue value = HistogramValue.of(new double[] {0.1, 0.5}, new long[] {3, 1, 2}, 7.25);

    HistogramDataPointSnapshot point = point(value);

    assertThat(point.hasNativeHistogramData()).isFalse();
    assertThat(point.getNativeSchema()).isEqualTo(HistogramSnapshot.CLASSIC_HISTOGRAM);
    assertThat(point.getClassicBuckets().size()).isEqualTo(3);
    assertThat(point.getClassicBuckets().getUpperBound(0)).isEqualTo(0.1);
    assertThat(point.getClassicBuckets().getUpperBound(2)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(point.getClassicBuckets().getCount(0)).isEqualTo(3); // not cumulative: the writer sums
    assertThat(point.getClassicBuckets().getCount(2)).isEqualTo(2);
    assertThat(point.getCount()).isEqualTo(6);
    assertThat(point.getSum()).isEqualTo(7.25);
    assertThat(point.getLabels().equals(LABELS)).isTrue();
    assertThat(fallbacks).isEmpty();
  }

  @Test
  void exponentialAtSchema3_isNative_withEachIndexPlusOne_onBothSides_andExactZeros() {
    ExponentialBuckets exponential = ExponentialBuckets.of(3, 2, -1, new long[] {4, 0, 0, 0, 5}, 7, new long[] {1});
    HistogramValue value = HistogramValue.of(new double[0], new long[] {12}, 3.5, exponential);

    HistogramDataPointSnapshot point = point(value);

    assertThat(point.hasNativeHistogramData()).isTrue();
    assertThat(point.hasClassicHistogramData()).as("a +Inf-only classic form is left to the writers").isFalse();
    assertThat(point.getNativeSchema()).isEqualTo(3);
    assertThat(point.getNativeZeroCount()).isEqualTo(2);
    assertThat(point.getNativeZeroThreshold()).isZero();
    assertThat(buckets(point.getNativeBucketsForPositiveValues())).containsExactly(Map.entry(0, 4L), Map.entry(4, 5L));
    assertThat(buckets(point.getNativeBucketsForNegativeValues())).containsExactly(Map.entry(8, 1L));
    assertThat(point.getCount()).isEqualTo(12);
    assertThat(point.getSum()).isEqualTo(3.5);
  }

  @Test
  void nativeIndex_namesTheBucketByItsUpperBound() {
    Histogram histogram = Histogram.exponential(160);
    histogram.record(1.0);   // 2^0: the core's bucket -1 at any scale (upper-inclusive), Prometheus' bucket 0
    histogram.record(2.0);   // 2^1: Prometheus' bucket 2^schema, whose upper bound is 2^1

    HistogramDataPointSnapshot point = point(histogram.snapshot());

    int schema = point.getNativeSchema(); // 160 buckets hold one binary order at schema 7, not at 8
    assertThat(schema).isEqualTo(7);
    assertThat(buckets(point.getNativeBucketsForPositiveValues()))
        .containsExactly(Map.entry(0, 1L), Map.entry(1 << schema, 1L));
  }

  @Test
  void scaleAbove8_isMergedDownTo8_exactly() {
    ExponentialBuckets fine = ExponentialBuckets.of(10, 0, 0, new long[] {1, 1, 1, 1, 1}, 0, new long[0]);
    HistogramValue value = HistogramValue.of(new double[0], new long[] {5}, 5.0, fine);

    HistogramDataPointSnapshot point = point(value);

    // scale 10 buckets 0..3 are scale 8 bucket 0, bucket 4 is scale 8 bucket 1; then plus one
    assertThat(point.getNativeSchema()).isEqualTo(8);
    assertThat(buckets(point.getNativeBucketsForPositiveValues())).containsExactly(Map.entry(1, 4L), Map.entry(2, 1L));
    assertThat(fallbacks).isEmpty();
  }

  @Test
  void scaleBelowMinus4_fallsBackToClassicOnly_andIsReported() {
    ExponentialBuckets coarse = ExponentialBuckets.of(-5, 0, 0, new long[] {3}, 0, new long[0]);
    HistogramValue value = HistogramValue.of(new double[0], new long[] {3}, 9.0, coarse);

    HistogramDataPointSnapshot point = point(value);

    assertThat(point.hasNativeHistogramData()).isFalse();
    assertThat(point.getClassicBuckets().size()).isEqualTo(1);
    assertThat(point.getClassicBuckets().getUpperBound(0)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(point.getCount()).isEqualTo(3);
    assertThat(fallbacks).containsExactly(value);
  }

  @Test
  void configuredBounds_areKeptNextToTheNativeBuckets() {
    Histogram histogram = Histogram.exponential(160, 0.5, 1.0);
    histogram.record(0.25);
    histogram.record(0.75);
    histogram.record(4);

    HistogramDataPointSnapshot point = point(histogram.snapshot());

    assertThat(point.hasNativeHistogramData()).isTrue();
    assertThat(point.hasClassicHistogramData()).isTrue();
    assertThat(point.getClassicBuckets().size()).isEqualTo(3);
    assertThat(point.getCount()).isEqualTo(3);
    assertThat(point.getSum()).isEqualTo(5.0);
  }

  @Test
  void emptyExponentialHistogram_isANativeHistogramWithoutBuckets() {
    HistogramDataPointSnapshot point = point(Histogram.exponential(160).snapshot());

    assertThat(point.hasNativeHistogramData()).isTrue();
    assertThat(point.getNativeBucketsForPositiveValues().size()).isZero();
    assertThat(point.getCount()).isZero();
  }
}
