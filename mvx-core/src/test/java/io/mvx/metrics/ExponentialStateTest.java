package io.mvx.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.snapshot.ExponentialBuckets;
import io.mvx.metrics.snapshot.HistogramValue;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/** Properties of the exponential buckets a {@link Histogram} keeps: downscaling is exact, both forms agree. */
class ExponentialStateTest {

  private static final double[] BOUNDS = {-1, 0, 0.5, 1, 10};

  @Property(tries = 400, seed = "20260311")
  void recordingAtAScaleThenDownscaling_equalsRecordingAtTheLowerScale(
      @ForAll("observations") List<Double> values,
      @ForAll @IntRange(min = ExponentialBuckets.MIN_SCALE, max = ExponentialBuckets.MAX_SCALE) int scale,
      @ForAll @IntRange(min = 0, max = 30) int shift) {
    Histogram fine = Histogram.exponentialAtScale(Histogram.MAX_EXPONENTIAL_BUCKETS, scale);
    values.forEach(fine::record);
    ExponentialBuckets fineBuckets = fine.snapshot().exponential().orElseThrow();
    int lower = Math.max(ExponentialBuckets.MIN_SCALE, fineBuckets.scale() - shift);

    Histogram coarse = Histogram.exponentialAtScale(Histogram.MAX_EXPONENTIAL_BUCKETS, lower);
    values.forEach(coarse::record);

    assertThat(fineBuckets.downscale(lower)).isEqualTo(coarse.snapshot().exponential().orElseThrow());
  }

  @Property(tries = 400, seed = "20260312")
  void countSumAndBuckets_agreeBetweenBothFormsAndTheObservations(
      @ForAll("observationsWithSpecials") List<Double> values, @ForAll @IntRange(min = 3, max = 200) int maxBuckets) {
    Histogram histogram = Histogram.exponential(maxBuckets, BOUNDS);
    values.forEach(histogram::record);
    HistogramValue value = histogram.snapshot();
    ExponentialBuckets exponential = value.exponential().orElseThrow();

    List<Double> counted = values.stream().filter(v -> !Double.isNaN(v)).toList();
    double sum = 0;
    for (double v : counted) {
      sum += Double.isFinite(v) ? v : 0;
    }
    assertThat(value.count()).isEqualTo(counted.size()).isEqualTo(exponential.count()).isEqualTo(histogram.count());
    assertThat(value.sum()).isEqualTo(Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, sum)));
    for (int i = 0; i < value.bucketCount(); i++) {
      double low = i == 0 ? Double.NEGATIVE_INFINITY : value.upperBound(i - 1);
      double high = value.upperBound(i);
      long inBucket = counted.stream().filter(v -> (v > low || low == Double.NEGATIVE_INFINITY) && v <= high).count();
      assertThat(value.count(i)).as("bucket %d (%s, %s]", i, low, high).isEqualTo(inBucket);
    }
    assertThat(exponential.zeroCount()).isEqualTo(counted.stream().filter(v -> v == 0).count());
    assertThat(exponential.positive().totalCount()).isEqualTo(counted.stream().filter(v -> v > 0).count());
    assertThat(exponential.negative().totalCount()).isEqualTo(counted.stream().filter(v -> v < 0).count());
    assertThat(exponential.positive().bucketCount()).isLessThanOrEqualTo(maxBuckets);
    assertThat(exponential.negative().bucketCount()).isLessThanOrEqualTo(maxBuckets);
    for (double v : counted) {
      if (v != 0) {
        assertIsInItsBucket(exponential, v);
      }
    }
  }

  private static void assertIsInItsBucket(ExponentialBuckets buckets, double v) {
    double magnitude = Math.min(Math.abs(v), Double.MAX_VALUE);
    int index = ExponentialIndex.index(magnitude, buckets.scale(), ExponentialIndex.scaleFactor(buckets.scale()));
    ExponentialBuckets.Side side = v > 0 ? buckets.positive() : buckets.negative();
    int position = index - side.offset();
    assertThat(position).as("bucket of %s", v).isBetween(0, side.bucketCount() - 1);
    assertThat(side.count(position)).isPositive();
    // the bounds are rounded doubles: allow a relative 1e-12 (bucket widths are >= 6.6e-7 relative)
    assertThat(magnitude).isGreaterThanOrEqualTo(buckets.lowerBound(index) * (1 - 1e-12))
        .isLessThanOrEqualTo(buckets.upperBound(index) * (1 + 1e-12));
  }

  /** Finite observations: any double of either sign, zeros, and clusters that keep the scale high. */
  @Provide
  Arbitrary<List<Double>> observations() {
    return finite().list().ofMaxSize(60);
  }

  @Provide
  Arbitrary<List<Double>> observationsWithSpecials() {
    Arbitrary<Double> special = Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, -0.0, 0.5, 1.0, 10.0, -1.0);
    return Arbitraries.frequencyOf(Tuple.of(8, finite()), Tuple.of(2, special)).list().ofMaxSize(60);
  }

  private static Arbitrary<Double> finite() {
    Arbitrary<Double> anyBits = Arbitraries.longs().withDistribution(RandomDistribution.uniform())
        .map(Double::longBitsToDouble).filter(Double::isFinite);
    Arbitrary<Double> near1 = Arbitraries.doubles().between(1, 1.001).ofScale(12)
        .withDistribution(RandomDistribution.uniform());
    Arbitrary<Double> latency = Arbitraries.doubles().between(-9, 2).ofScale(12)
        .withDistribution(RandomDistribution.uniform()).map(e -> Math.pow(10, e));
    Arbitrary<Double> zero = Arbitraries.of(0.0, -0.0);
    return Arbitraries.frequencyOf(Tuple.of(3, anyBits), Tuple.of(3, near1), Tuple.of(3, latency), Tuple.of(1, zero));
  }
}
