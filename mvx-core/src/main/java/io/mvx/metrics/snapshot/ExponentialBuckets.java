package io.mvx.metrics.snapshot;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The exponential (base-2, scale-based) buckets of a histogram: the one form behind OpenTelemetry's
 * exponential histograms and Prometheus' native histograms. Immutable and value-based.
 *
 * <p>At scale {@code s} the base is {@code 2^(2^-s)}, and the bucket with index {@code i} counts the
 * magnitudes {@code m} with {@code base^i < m <= base^(i+1)} (upper-inclusive, as in OpenTelemetry's data
 * model and Prometheus' native histograms). Positive observations are counted in {@link #positive()},
 * negative ones by their magnitude in {@link #negative()}, and exact zeros in {@link #zeroCount()}.
 * Scales range from {@value #MIN_SCALE} to {@value #MAX_SCALE}, as in OpenTelemetry; bucket indices stay
 * within those of the finite doubles at the scale, so every index fits a signed 32-bit integer.
 *
 * <p>Prometheus: a native histogram's schema is the scale, but Prometheus accepts only -4 to 8, so an
 * exporter calls {@link #downscale(int) downscale(8)} when {@code scale() > 8} (merging is exact: at a lower
 * scale every bucket is the union of {@code 2^k} whole buckets). Prometheus names a bucket by its upper
 * bound {@code 2^(j * 2^-schema)}, so its bucket index {@code j} is this class's index plus one. A scale
 * below -4 happens only when the observations span more than {@code 16 * maxBuckets} binary orders of
 * magnitude; {@code maxBuckets >= 160} never needs it.
 *
 * <pre>{@code
 * ExponentialBuckets buckets = histogram.snapshot().exponential().orElseThrow();
 * ExponentialBuckets forPrometheus = buckets.scale() > 8 ? buckets.downscale(8) : buckets;
 * ExponentialBuckets.Side positive = forPrometheus.positive();
 * for (int i = 0; i < positive.bucketCount(); i++) {
 *   int index = positive.offset() + i;   // counts magnitudes in (lowerBound(index), upperBound(index)]
 *   long count = positive.count(i);
 * }
 * }</pre>
 */
public final class ExponentialBuckets {

  /** The smallest scale (OpenTelemetry's): base {@code 2^1024}, every finite double within three buckets. */
  public static final int MIN_SCALE = -10;
  /** The largest scale (OpenTelemetry's): base {@code 2^(2^-20)}, a relative bucket width of about 6.6e-7. */
  public static final int MAX_SCALE = 20;

  private final int scale;
  private final long zeroCount;
  private final Side positive;
  private final Side negative;
  private final long count;

  private ExponentialBuckets(int scale, long zeroCount, Side positive, Side negative) {
    this.scale = scale;
    this.zeroCount = zeroCount;
    this.positive = positive;
    this.negative = negative;
    this.count = addCounts(addCounts(zeroCount, positive.total, "positiveCounts"), negative.total,
        "negativeCounts");
  }

  /**
   * Buckets at {@code scale}: element {@code i} of {@code positiveCounts} counts the positive observations in
   * the bucket with index {@code positiveOffset + i}, likewise for negative ones by magnitude. The arrays are
   * copied; leading and trailing zero counts are dropped (so equal distributions are equal values).
   *
   * @param scale the scale, from {@value #MIN_SCALE} to {@value #MAX_SCALE}
   * @param zeroCount the observations that were exactly zero, {@code >= 0}
   * @param positiveOffset the bucket index of {@code positiveCounts[0]}
   * @param positiveCounts the counts of the positive observations per bucket (not cumulative), each {@code >= 0}
   * @param negativeOffset the bucket index of {@code negativeCounts[0]}
   * @param negativeCounts the counts of the negative observations per bucket, by magnitude, each {@code >= 0}
   * @return the buckets
   * @throws NullPointerException if an array is null
   * @throws IllegalArgumentException if the scale is outside [{@value #MIN_SCALE}, {@value #MAX_SCALE}], a
   *     count is negative, or a non-zero bucket has an index outside those of the finite doubles at the scale
   */
  public static ExponentialBuckets of(int scale, long zeroCount, int positiveOffset, long[] positiveCounts,
      int negativeOffset, long[] negativeCounts) {
    checkScale(scale, "scale");
    if (zeroCount < 0) {
      throw new IllegalArgumentException(zeroCount + ": zeroCount must be >= 0");
    }
    Side positive = Side.of(scale, positiveOffset, positiveCounts, "positive");
    Side negative = Side.of(scale, negativeOffset, negativeCounts, "negative");
    return new ExponentialBuckets(scale, zeroCount, positive, negative);
  }

  /**
   * The scale: the base is {@code 2^(2^-scale)}.
   *
   * @return the scale, from {@value #MIN_SCALE} to {@value #MAX_SCALE}
   */
  public int scale() {
    return scale;
  }

  /**
   * The zero bucket's threshold: always 0, the zero bucket counts exact zeros ({@code 0.0} and {@code -0.0}).
   *
   * @return {@code 0.0}
   */
  public double zeroThreshold() {
    return 0.0;
  }

  /**
   * Observations that were exactly zero.
   *
   * @return the count of the zero bucket
   */
  public long zeroCount() {
    return zeroCount;
  }

  /**
   * The buckets of the positive observations.
   *
   * @return the positive side
   */
  public Side positive() {
    return positive;
  }

  /**
   * The buckets of the negative observations, indexed by magnitude.
   *
   * @return the negative side
   */
  public Side negative() {
    return negative;
  }

  /**
   * Every observation: zeros, positive and negative ones.
   *
   * @return the total count
   */
  public long count() {
    return count;
  }

  /**
   * The same observations at the lower resolution {@code newScale}: the bucket with index {@code i} moves to
   * {@code i >> (scale() - newScale)}, which is exact (perfect subsetting).
   *
   * @param newScale the target scale, from {@value #MIN_SCALE} to {@link #scale()}
   * @return the buckets at {@code newScale}; this instance when {@code newScale == scale()}
   * @throws IllegalArgumentException if {@code newScale} is above {@link #scale()} or below {@value #MIN_SCALE}
   */
  public ExponentialBuckets downscale(int newScale) {
    if (newScale > scale || newScale < MIN_SCALE) {
      throw new IllegalArgumentException(
          newScale + ": newScale must be between " + MIN_SCALE + " and the scale " + scale);
    }
    if (newScale == scale) {
      return this;
    }
    int shift = scale - newScale;
    return new ExponentialBuckets(newScale, zeroCount, positive.downscale(shift), negative.downscale(shift));
  }

  /**
   * The exclusive lower bound {@code base^index} of the bucket with {@code index}, as a magnitude (for the
   * negative side the bucket holds {@code [-upperBound, -lowerBound)}); the nearest double, within an ulp or
   * so when it is not a power of two, 0 or subnormal at the bottom of the range.
   *
   * @param index a bucket index at this scale
   * @return the bucket's exclusive lower bound
   */
  public double lowerBound(int index) {
    return power(index, scale);
  }

  /**
   * The inclusive upper bound {@code base^(index+1)} of the bucket with {@code index}, as a magnitude; for the
   * bucket that holds {@link Double#MAX_VALUE} it is {@code +Inf}, since {@code 2^1024} is not a double.
   *
   * @param index a bucket index at this scale
   * @return the bucket's inclusive upper bound
   */
  public double upperBound(int index) {
    return power((long) index + 1, scale);
  }

  /** {@code 2^(index * 2^-scale)}, rounded to a double (0 and infinity outside the range). */
  private static double power(long index, int scale) {
    if (scale <= 0) {
      return Math.scalb(1.0, clampExponent(index << -scale));
    }
    long whole = index >> scale;
    long fraction = index - (whole << scale);
    double mantissa = fraction == 0 ? 1.0 : Math.pow(2.0, (double) fraction / (1L << scale));
    return Math.scalb(mantissa, clampExponent(whole));
  }

  private static int clampExponent(long exponent) {
    return (int) Math.max(-2000, Math.min(2000, exponent));
  }

  /** The index of the bucket holding {@link Double#MIN_VALUE} at {@code scale}. */
  static long minIndex(int scale) {
    return scale > 0 ? (-1074L << scale) - 1 : -1075L >> -scale;
  }

  /** The index of the bucket holding {@link Double#MAX_VALUE} at {@code scale}. */
  static long maxIndex(int scale) {
    return scale > 0 ? (1024L << scale) - 1 : 1023L >> -scale;
  }

  static void checkScale(int scale, String argument) {
    if (scale < MIN_SCALE || scale > MAX_SCALE) {
      throw new IllegalArgumentException(
          scale + ": " + argument + " must be between " + MIN_SCALE + " and " + MAX_SCALE);
    }
  }

  private static long addCounts(long a, long b, String argument) {
    long sum = a + b;
    if (((a ^ sum) & (b ^ sum)) < 0) {
      throw new IllegalArgumentException(b + ": " + argument + " overflow the total count");
    }
    return sum;
  }

  /** The {@code asMap()} form: scale, zero count and threshold, and each side's offset and counts. */
  Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("scale", scale);
    map.put("zero_count", zeroCount);
    map.put("zero_threshold", zeroThreshold());
    map.put("positive", positive.toMap());
    map.put("negative", negative.toMap());
    return Collections.unmodifiableMap(map);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ExponentialBuckets that
        && scale == that.scale
        && zeroCount == that.zeroCount
        && positive.equals(that.positive)
        && negative.equals(that.negative);
  }

  @Override
  public int hashCode() {
    return Objects.hash(scale, zeroCount, positive, negative);
  }

  @Override
  public String toString() {
    return "ExponentialBuckets{scale=" + scale + ", zeroCount=" + zeroCount + ", positive=" + positive
        + ", negative=" + negative + "}";
  }

  /**
   * The buckets of one sign: a dense run of counts starting at bucket index {@link #offset()}. Never hands out
   * its array. Immutable and value-based.
   */
  public static final class Side {
    private static final long[] NONE = new long[0];

    private final int offset;
    private final long[] counts;
    private final long total;

    private Side(int offset, long[] counts) {
      this.offset = offset;
      this.counts = counts;
      long sum = 0;
      for (long c : counts) {
        sum = addCounts(sum, c, "bucket counts");
      }
      this.total = sum;
    }

    static Side of(int scale, int offset, long[] counts, String sign) {
      Objects.requireNonNull(counts, sign + "Counts");
      int first = 0;
      int last = counts.length - 1;
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] < 0) {
          throw new IllegalArgumentException(counts[i] + ": " + sign + "Counts[" + i + "] must be >= 0");
        }
      }
      while (first <= last && counts[first] == 0) {
        first++;
      }
      while (last >= first && counts[last] == 0) {
        last--;
      }
      if (first > last) {
        return new Side(0, NONE);
      }
      long low = (long) offset + first;
      long high = (long) offset + last;
      if (low < minIndex(scale) || high > maxIndex(scale)) {
        throw new IllegalArgumentException(offset + ": " + sign + "Offset puts buckets " + low + ".." + high
            + " outside the finite doubles' " + minIndex(scale) + ".." + maxIndex(scale) + " at scale " + scale);
      }
      return new Side((int) low, Arrays.copyOfRange(counts, first, last + 1));
    }

    Side downscale(int shift) {
      if (counts.length == 0) {
        return this;
      }
      int newOffset = offset >> shift;
      int newLast = (offset + counts.length - 1) >> shift;
      long[] merged = new long[newLast - newOffset + 1];
      for (int i = 0; i < counts.length; i++) {
        merged[((offset + i) >> shift) - newOffset] += counts[i];
      }
      return new Side(newOffset, merged);
    }

    /**
     * The index of the first bucket ({@code 0} when there is none).
     *
     * @return the bucket index of {@code count(0)}
     */
    public int offset() {
      return offset;
    }

    /**
     * The number of buckets, from the first to the last non-empty one; 0 when there is no observation.
     *
     * @return the number of buckets
     */
    public int bucketCount() {
      return counts.length;
    }

    /**
     * The count of the bucket with index {@code offset() + i}.
     *
     * @param i the position in this side, from 0 to {@code bucketCount() - 1}
     * @return the bucket's count (not cumulative)
     * @throws IndexOutOfBoundsException unless {@code 0 <= i < bucketCount()}
     */
    public long count(int i) {
      return counts[Objects.checkIndex(i, counts.length)];
    }

    /**
     * The sum of this side's bucket counts.
     *
     * @return the observations on this side
     */
    public long totalCount() {
      return total;
    }

    private Map<String, Object> toMap() {
      Long[] boxed = new Long[counts.length];
      for (int i = 0; i < counts.length; i++) {
        boxed[i] = counts[i];
      }
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("offset", offset);
      map.put("counts", List.of(boxed));
      return Collections.unmodifiableMap(map);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Side that && offset == that.offset && Arrays.equals(counts, that.counts);
    }

    @Override
    public int hashCode() {
      return 31 * offset + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
      return "{offset=" + offset + ", counts=" + Arrays.toString(counts) + "}";
    }
  }
}
