package io.mvx.metrics;

/**
 * The bucket index of a magnitude at a scale, as OpenTelemetry's exponential histogram data model and
 * Prometheus' native histogram schema define it: the index {@code i} with {@code base^i < v <= base^(i+1)},
 * {@code base = 2^(2^-scale)}, upper-inclusive (a Prometheus bucket index is this plus one).
 *
 * <p>For scales {@code <= 0} the index comes exactly from the IEEE exponent (subnormals included). For
 * positive scales it is the specification's logarithm method, {@code ceil(ln(v) * 2^scale / ln 2) - 1}, with the
 * exact-power-of-two correction, and clamped to the binary octave of {@code v} so that every boundary that is
 * a power of two (the only boundaries a double can equal) is exact. Boundaries between powers of two are
 * irrational; within a few ulps of one the logarithm may pick the neighbouring bucket, which the OpenTelemetry
 * data model allows ("producers are not required to perform an exact computation").
 */
final class ExponentialIndex {

  private static final long SIGNIFICAND_MASK = (1L << 52) - 1;
  private static final double LOG2_E = 1.4426950408889634; // 1 / ln(2)

  private ExponentialIndex() {}

  /** The factor {@code 2^scale / ln 2} that the logarithm method multiplies {@code ln(v)} with. */
  static double scaleFactor(int scale) {
    return Math.scalb(LOG2_E, scale);
  }

  /**
   * The bucket index of {@code magnitude} at {@code scale}.
   *
   * @param magnitude a finite double {@code > 0}
   * @param scaleFactor {@link #scaleFactor(int) scaleFactor(scale)}
   */
  static int index(double magnitude, int scale, double scaleFactor) {
    long bits = Double.doubleToRawLongBits(magnitude);
    int rawExponent = (int) (bits >>> 52);
    long significand = bits & SIGNIFICAND_MASK;
    int exponent;
    boolean powerOfTwo;
    if (rawExponent == 0) { // subnormal: 0.significand * 2^-1022
      exponent = -1074 + 63 - Long.numberOfLeadingZeros(significand);
      powerOfTwo = (significand & (significand - 1)) == 0;
    } else {
      exponent = rawExponent - 1023;
      powerOfTwo = significand == 0;
    }
    if (scale <= 0) {
      return (powerOfTwo ? exponent - 1 : exponent) >> -scale;
    }
    if (powerOfTwo) {
      return (exponent << scale) - 1;
    }
    int index = (int) Math.ceil(Math.log(magnitude) * scaleFactor) - 1;
    // v lies strictly inside (2^exponent, 2^(exponent+1)): keep the index inside that octave's buckets
    int lowest = exponent << scale;
    int highest = ((exponent + 1) << scale) - 1;
    return index < lowest ? lowest : Math.min(index, highest);
  }
}
