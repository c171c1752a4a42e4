package io.mvx.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.snapshot.ExponentialBuckets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link ExponentialIndex} against the specifications' formulas ({@link SpecReference}): exact wherever the
 * bucket boundary is a power of two, and within one bucket only where {@code log2(v) * 2^scale} lies within
 * {@value #NEAR} of an irrational boundary, which OpenTelemetry allows for the logarithm method.
 */
class ExponentialIndexTest {

  /** How close to an irrational boundary (in bucket-index units) the logarithm method may pick a neighbour. */
  private static final double NEAR = 1e-5;

  @Property(tries = 3000, seed = "20260301")
  void index_matchesOpenTelemetrysFormula(@ForAll("magnitudes") double v,
      @ForAll @IntRange(min = ExponentialBuckets.MIN_SCALE, max = ExponentialBuckets.MAX_SCALE) int scale) {
    assertMatchesOtel(v, scale);
  }

  @Property(tries = 3000, seed = "20260302")
  void index_isExactAroundPowersOfTwo(@ForAll @IntRange(min = -1074, max = 1023) int exponent,
      @ForAll @IntRange(min = -3, max = 3) int ulps,
      @ForAll @IntRange(min = ExponentialBuckets.MIN_SCALE, max = ExponentialBuckets.MAX_SCALE) int scale) {
    double v = stepUlps(Math.scalb(1.0, exponent), ulps);
    if (v > 0 && Double.isFinite(v)) {
      SpecReference.Index expected = SpecReference.otel(v, scale);
      assertThat(ExponentialIndex.index(v, scale, ExponentialIndex.scaleFactor(scale)))
          .as("index of %s (%s) at scale %d", v, Double.toHexString(v), scale)
          .isEqualTo(expected.index());
    }
  }

  @Property(tries = 2000, seed = "20260303")
  void index_nearIrrationalBoundaries_isAtMostOneBucketOff(
      @ForAll @IntRange(min = 1, max = ExponentialBuckets.MAX_SCALE) int scale,
      @ForAll @IntRange(min = -1074, max = 1023) int octave, @ForAll double fraction,
      @ForAll @IntRange(min = -2, max = 2) int ulps) {
    // the lower bound of a bucket inside the octave [2^octave, 2^(octave+1)), rounded to a double
    long inOctave = (long) Math.floor(Math.abs(fraction % 1.0) * (1L << scale));
    double v = stepUlps(Math.scalb(Math.pow(2, inOctave / Math.scalb(1.0, scale)), octave), ulps);
    if (v > 0 && Double.isFinite(v)) {
      assertMatchesOtel(v, scale);
    }
  }

  @Property(tries = 3000, seed = "20260304")
  void index_plusOne_isPrometheusNativeHistogramKey(@ForAll("magnitudes") double v,
      @ForAll @IntRange(min = -4, max = 8) int schema) {
    SpecReference.Index otel = SpecReference.otel(v, schema);
    long prometheus = SpecReference.prometheus(v, schema);
    if (otel.distanceToBoundary() == 0 || otel.distanceToBoundary() > NEAR) {
      assertThat(prometheus).as("Prometheus key of %s at schema %d", v, schema).isEqualTo(otel.index() + 1);
      assertThat(ExponentialIndex.index(v, schema, ExponentialIndex.scaleFactor(schema)) + 1L)
          .isEqualTo(prometheus);
    }
  }

  @Example
  void index_atTheEndsOfTheDoubles_isTheValidRange() {
    for (int scale = ExponentialBuckets.MIN_SCALE; scale <= ExponentialBuckets.MAX_SCALE; scale++) {
      double factor = ExponentialIndex.scaleFactor(scale);
      long low = scale > 0 ? (-1074L << scale) - 1 : -1075L >> -scale;
      long high = scale > 0 ? (1024L << scale) - 1 : 1023L >> -scale;
      assertThat((long) ExponentialIndex.index(Double.MIN_VALUE, scale, factor)).isEqualTo(low);
      assertThat((long) ExponentialIndex.index(Double.MAX_VALUE, scale, factor)).isEqualTo(high);
      assertThat((long) ExponentialIndex.index(1.0, scale, factor)).isEqualTo(-1);
      assertThat((long) ExponentialIndex.index(Math.nextUp(1.0), scale, factor)).isEqualTo(0);
    }
  }

  private static void assertMatchesOtel(double v, int scale) {
    SpecReference.Index expected = SpecReference.otel(v, scale);
    long actual = ExponentialIndex.index(v, scale, ExponentialIndex.scaleFactor(scale));
    String why = String.format("index of %s (%s) at scale %d", v, Double.toHexString(v), scale);
    if (expected.distanceToBoundary() == 0 || expected.distanceToBoundary() > NEAR) {
      Statistics.label("boundary").collect("clear");
      assertThat(actual).as(why).isEqualTo(expected.index());
    } else {
      Statistics.label("boundary").collect(actual == expected.index() ? "near, exact" : "near, neighbour");
      assertThat(actual).as(why).isBetween(expected.index() - 1, expected.index() + 1);
    }
  }

  private static double stepUlps(double v, int ulps) {
    double stepped = v;
    for (int i = 0; i < Math.abs(ulps); i++) {
      stepped = ulps > 0 ? Math.nextUp(stepped) : Math.nextDown(stepped);
    }
    return stepped;
  }

  /** Positive finite doubles: any bit pattern (subnormals included), plus values of everyday size. */
  @Provide
  Arbitrary<Double> magnitudes() {
    Arbitrary<Double> anyBits = Arbitraries.longs().between(1, Double.doubleToRawLongBits(Double.MAX_VALUE))
        .withDistribution(RandomDistribution.uniform()).map(Double::longBitsToDouble);
    Arbitrary<Double> subnormal = Arbitraries.longs().between(1, (1L << 52) - 1)
        .withDistribution(RandomDistribution.uniform()).map(Double::longBitsToDouble);
    Arbitrary<Double> everyday = Arbitraries.doubles().between(-21, 21).ofScale(15)
        .withDistribution(RandomDistribution.uniform()).map(Math::exp);
    return Arbitraries.frequencyOf(Tuple.of(5, anyBits), Tuple.of(1, subnormal), Tuple.of(4, everyday));
  }
}
