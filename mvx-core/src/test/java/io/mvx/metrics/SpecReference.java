package io.mvx.metrics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The bucket index as the specifications state it, computed independently of {@link ExponentialIndex}: exact
 * decimal arithmetic for powers of two and a 60-digit natural logarithm for the rest.
 *
 * <ul>
 *   <li>OpenTelemetry: bucket {@code i} holds {@code (base^i, base^(i+1)]}, so
 *       {@code i = ceil(log2(v) * 2^scale) - 1}.
 *   <li>Prometheus (client_golang's {@code findBucket}): {@code frexp}, then for a positive schema the first
 *       of {@code 2^schema} fraction bounds {@code >= frac}; for the others the exponent, minus one for an exact
 *       power of two, rounded up by {@code 2^-schema}.
 * </ul>
 */
final class SpecReference {

  private static final MathContext PRECISION = new MathContext(60, RoundingMode.HALF_EVEN);
  private static final BigDecimal TWO = BigDecimal.valueOf(2);
  private static final BigDecimal LN2 = lnNear1(TWO);

  /** An index and how far {@code log2(v) * 2^scale} lies from the nearest integer (0 on a boundary). */
  record Index(long index, double distanceToBoundary) {}

  private SpecReference() {}

  /** OpenTelemetry's index of the finite magnitude {@code v > 0} at {@code scale}. */
  static Index otel(double v, int scale) {
    if (!(v > 0 && Double.isFinite(v))) {
      throw new IllegalArgumentException(v + ": v must be finite and > 0");
    }
    BigDecimal exact = new BigDecimal(v);
    int e = floorLog2(exact);
    BigDecimal mantissa = exact.divide(powerOfTwo(e)); // exact: dividing by a power of two terminates
    if (mantissa.compareTo(BigDecimal.ONE) == 0) {
      // log2(v) = e exactly
      return new Index(ceilDiv((long) e, scale) - 1, 0);
    }
    // x = (e + log2(m)) * 2^scale, log2(m) in (0, 1)
    BigDecimal log2 = BigDecimal.valueOf(e).add(lnNear1(mantissa).divide(LN2, PRECISION));
    BigDecimal x = scale >= 0 ? log2.multiply(TWO.pow(scale)) : log2.divide(TWO.pow(-scale), PRECISION);
    BigDecimal ceil = x.setScale(0, RoundingMode.CEILING);
    BigDecimal floor = x.setScale(0, RoundingMode.FLOOR);
    double distance = Math.min(ceil.subtract(x).doubleValue(), x.subtract(floor).doubleValue());
    return new Index(ceil.longValueExact() - 1, distance);
  }

  /** Prometheus' bucket key (the bucket's upper bound is {@code 2^(key * 2^-schema)}), schema -4 to 8. */
  static long prometheus(double v, int schema) {
    // frexp: v = frac * 2^exp with frac in [0.5, 1), subnormals normalised first
    double normal = v < Double.MIN_NORMAL ? v * 0x1p54 : v;
    int exp = Math.getExponent(normal) + 1 - (v < Double.MIN_NORMAL ? 54 : 0);
    double frac = Math.scalb(normal, -(Math.getExponent(normal) + 1));
    if (schema > 0) {
      int n = 1 << schema;
      int first = 0;
      while (first < n && Math.pow(2, (double) first / n) / 2 < frac) {
        first++;
      }
      return first + (long) (exp - 1) * n;
    }
    long key = exp;
    if (frac == 0.5) {
      key--;
    }
    long offset = (1L << -schema) - 1;
    return (key + offset) >> -schema;
  }

  /** {@code ceil(e * 2^scale)} for an integer {@code e}, any scale. */
  private static long ceilDiv(long e, int scale) {
    if (scale >= 0) {
      return e << scale;
    }
    long divisor = 1L << -scale;
    return Math.floorDiv(e + divisor - 1, divisor);
  }

  /** The {@code e} with {@code 2^e <= v < 2^(e+1)}, by exact comparison. */
  private static int floorLog2(BigDecimal v) {
    int e = Math.max(-1074, Math.getExponent(v.doubleValue())); // a guess; the comparisons below decide
    while (powerOfTwo(e + 1).compareTo(v) <= 0) {
      e++;
    }
    while (powerOfTwo(e).compareTo(v) > 0) {
      e--;
    }
    return e;
  }

  private static BigDecimal powerOfTwo(int e) {
    return e >= 0 ? TWO.pow(e) : BigDecimal.ONE.divide(TWO.pow(-e));
  }

  /** {@code ln(x)} for x in [1, 2]: {@code 2 * atanh((x - 1) / (x + 1))}, summed to 60 digits. */
  private static BigDecimal lnNear1(BigDecimal x) {
    BigDecimal t = x.subtract(BigDecimal.ONE).divide(x.add(BigDecimal.ONE), PRECISION);
    BigDecimal t2 = t.multiply(t, PRECISION);
    BigDecimal term = t;
    BigDecimal sum = BigDecimal.ZERO;
    BigDecimal epsilon = BigDecimal.ONE.movePointLeft(65);
    for (int k = 1; term.abs().compareTo(epsilon) > 0; k += 2) {
      sum = sum.add(term.divide(BigDecimal.valueOf(k), PRECISION), PRECISION);
      term = term.multiply(t2, PRECISION);
    }
    return sum.multiply(TWO, PRECISION);
  }
}
