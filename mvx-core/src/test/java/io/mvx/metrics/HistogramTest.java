package io.mvx.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvx.metrics.snapshot.ExponentialBuckets;
import io.mvx.metrics.snapshot.HistogramValue;
import org.junit.jupiter.api.Test;

class HistogramTest {

  @Test
  void record_countsAValueOnABoundInThatBound_upperInclusive() {
    Histogram histogram = Histogram.withUpperBounds(0.1, 0.5, 1);
    for (double value : new double[] {-3, 0.1, Math.nextUp(0.1), 0.5, 1, Math.nextUp(1.0), 7}) {
      histogram.record(value);
    }

    HistogramValue value = histogram.snapshot();
    assertThat(counts(value)).containsExactly(2, 2, 1, 2);
    assertThat(value.count()).isEqualTo(7).isEqualTo(histogram.count());
    assertThat(value.sum()).isEqualTo(-3 + 0.1 + Math.nextUp(0.1) + 0.5 + 1 + Math.nextUp(1.0) + 7)
        .isEqualTo(histogram.sum());
  }

  @Test
  void record_ignoresNaN() {
    Histogram histogram = Histogram.exponential(10, 1);
    histogram.record(Double.NaN);
    histogram.record(-Double.NaN);

    assertThat(histogram.count()).isZero();
    assertThat(histogram.snapshot()).isEqualTo(Histogram.exponential(10, 1).snapshot());
  }

  @Test
  void record_countsInfinitiesInTheOuterBucketsButLeavesThemOutOfTheSum() {
    Histogram histogram = Histogram.exponential(160, -1, 1);
    histogram.record(Double.POSITIVE_INFINITY);
    histogram.record(Double.NEGATIVE_INFINITY);
    histogram.record(2);

    HistogramValue value = histogram.snapshot();
    assertThat(counts(value)).containsExactly(1, 0, 2);
    assertThat(value.sum()).isEqualTo(2);
    ExponentialBuckets exponential = value.exponential().orElseThrow();
    assertThat(exponential.count()).isEqualTo(3);
    int top = exponential.positive().offset() + exponential.positive().bucketCount() - 1;
    assertThat(exponential.upperBound(top)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(exponential.positive().count(exponential.positive().bucketCount() - 1)).isEqualTo(1);
    assertThat(exponential.negative().totalCount()).isEqualTo(1);
    assertThat(exponential.upperBound(exponential.negative().offset())).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void sum_saturatesInsteadOfOverflowing() {
    Histogram histogram = Histogram.withUpperBounds(1);
    histogram.record(Double.MAX_VALUE);
    histogram.record(Double.MAX_VALUE);

    assertThat(histogram.sum()).isEqualTo(Double.MAX_VALUE);
    assertThat(histogram.snapshot().sum()).isEqualTo(Double.MAX_VALUE);
  }

  @Test
  void snapshot_isAnImmutableCopy() {
    Histogram histogram = Histogram.withUpperBounds(1);
    histogram.record(0.5);
    HistogramValue before = histogram.snapshot();
    histogram.record(0.5);

    assertThat(before.count()).isEqualTo(1);
    assertThat(histogram.snapshot().count()).isEqualTo(2);
  }

  @Test
  void defaultLatencySeconds_hasClientJavasDefaultBuckets() {
    HistogramValue value = Histogram.defaultLatencySeconds().snapshot();

    double[] bounds = new double[value.bucketCount()];
    for (int i = 0; i < bounds.length; i++) {
      bounds[i] = value.upperBound(i);
    }
    assertThat(bounds).containsExactly(
        .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, Double.POSITIVE_INFINITY);
    assertThat(value.exponential()).isEmpty();
  }

  @Test
  void withUpperBounds_rejectsBadBoundsLeadingWithTheBadValue() {
    assertThatThrownBy(() -> Histogram.withUpperBounds())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("[]: upperBounds must hold at least one bound");
    assertThatThrownBy(() -> Histogram.withUpperBounds((double[]) null))
        .isInstanceOf(NullPointerException.class).hasMessage("upperBounds");
    assertThatThrownBy(() -> Histogram.withUpperBounds(1, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("0.5: upperBounds[1] must be greater than upperBounds[0] (1.0)");
    assertThatThrownBy(() -> Histogram.withUpperBounds(Double.NEGATIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("-Infinity: upperBounds[0] must be finite");
    assertThatThrownBy(() -> Histogram.exponential(160, 1, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("NaN: upperBounds[1] must be finite");
  }

  @Test
  void exponential_rejectsBucketLimitsOutsideItsRange() {
    assertThatThrownBy(() -> Histogram.exponential(2))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("2: maxBuckets must be between 3 and 65536");
    assertThatThrownBy(() -> Histogram.exponential(65537)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void exponential_withoutBounds_hasOnlyThePlusInfBucket() {
    Histogram histogram = Histogram.exponential(160);
    histogram.record(3);
    histogram.record(0);
    histogram.record(-0.0);
    histogram.record(-5);

    HistogramValue value = histogram.snapshot();
    assertThat(value.bucketCount()).isEqualTo(1);
    assertThat(value.cumulativeCount(0)).isEqualTo(4);
    assertThat(value.sum()).isEqualTo(-2);
    ExponentialBuckets exponential = value.exponential().orElseThrow();
    assertThat(exponential.scale()).isEqualTo(ExponentialBuckets.MAX_SCALE);
    assertThat(exponential.zeroCount()).isEqualTo(2);
    assertThat(exponential.positive().totalCount()).isEqualTo(1);
    assertThat(exponential.negative().totalCount()).isEqualTo(1);
    int three = exponential.positive().offset();
    assertThat(exponential.lowerBound(three)).isLessThan(3);
    assertThat(exponential.upperBound(three)).isGreaterThanOrEqualTo(3);
  }

  @Test
  void exponential_lowersTheScaleAsTheRangeGrows_keepingEverySideWithinMaxBuckets() {
    Histogram histogram = Histogram.exponential(4);
    histogram.record(1.5);
    assertThat(histogram.snapshot().exponential().orElseThrow().scale()).isEqualTo(20);

    // 1.5 and 3: buckets 2 and 6 at scale 2 (5 > 4), buckets 1 and 3 at scale 1
    histogram.record(3);
    ExponentialBuckets octave = histogram.snapshot().exponential().orElseThrow();
    assertThat(octave.scale()).isEqualTo(1);
    assertThat(octave.positive().offset()).isEqualTo(1);
    assertThat(octave.positive().bucketCount()).isEqualTo(3);

    // negative magnitudes from 2^-997 to 2^996: buckets -2..1 at scale -9 (each 2^512 wide)
    histogram.record(1e6);
    histogram.record(-1e-300);
    histogram.record(-1e300);
    ExponentialBuckets wide = histogram.snapshot().exponential().orElseThrow();
    assertThat(wide.scale()).isEqualTo(-9);
    assertThat(wide.positive().bucketCount()).isLessThanOrEqualTo(4);
    assertThat(wide.negative().bucketCount()).isLessThanOrEqualTo(4);
    assertThat(wide.count()).isEqualTo(5);
  }

  @Test
  void exponential_holdsAnyRangeWithThreeBuckets() {
    Histogram histogram = Histogram.exponential(3);
    for (double value : new double[] {Double.MIN_VALUE, 1, Double.MAX_VALUE, Double.POSITIVE_INFINITY}) {
      histogram.record(value);
    }
    ExponentialBuckets buckets = histogram.snapshot().exponential().orElseThrow();
    assertThat(buckets.scale()).isEqualTo(ExponentialBuckets.MIN_SCALE);
    assertThat(buckets.positive().bucketCount()).isEqualTo(3);
    assertThat(buckets.count()).isEqualTo(4);
  }

  private static long[] counts(HistogramValue value) {
    long[] counts = new long[value.bucketCount()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = value.count(i);
    }
    return counts;
  }
}
