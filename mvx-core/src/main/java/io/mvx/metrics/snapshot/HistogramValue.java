package io.mvx.metrics.snapshot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A distribution of observations at one moment: classic buckets with upper bounds, the count, the sum and,
 * optionally, the same observations in {@link ExponentialBuckets exponential buckets}. Immutable and
 * value-based; no accessor hands out an internal array.
 *
 * <p>Bucket {@code i} counts the observations {@code v} with {@code upperBound(i-1) < v <= upperBound(i)};
 * the last bucket's upper bound is {@code +Inf}. When the exponential form is present, both forms hold the
 * same observations: {@link #count()} is also {@code exponential().count()}, and {@link #sum()} is shared.
 *
 * <pre>{@code
 * HistogramValue value = HistogramValue.of(new double[] {0.1, 0.5}, new long[] {3, 1, 0}, 0.62);
 * value.bucketCount();        // 3
 * value.upperBound(2);        // +Inf
 * value.cumulativeCount(1);   // 4
 * }</pre>
 */
public final class HistogramValue {

  private final double[] upperBounds;
  /** Cumulative counts: {@code cumulative[i]} is the number of observations {@code <= upperBound(i)}. */
  private final long[] cumulative;
  private final double sum;
  private final ExponentialBuckets exponential;
  /** One slot per classic bucket, null where the bucket has none; null itself when no bucket has one. */
  private final Exemplar[] exemplars;

  private HistogramValue(double[] upperBounds, long[] cumulative, double sum, ExponentialBuckets exponential,
      Exemplar[] exemplars) {
    this.upperBounds = upperBounds;
    this.cumulative = cumulative;
    this.sum = sum + 0.0; // -0.0 and 0.0 are the same sum
    this.exponential = exponential;
    this.exemplars = exemplars;
  }

  /**
   * A histogram with classic buckets only.
   *
   * @param upperBounds finite, strictly increasing, at least one ({@code +Inf} is implied); copied
   * @param bucketCounts one more than {@code upperBounds} (the last is the {@code +Inf} bucket), each
   *     {@code >= 0} and not cumulative; copied
   * @param sum the sum of the observations, finite
   * @return the histogram
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if an argument breaks these rules; the message leads with the bad value
   */
  public static HistogramValue of(double[] upperBounds, long[] bucketCounts, double sum) {
    Objects.requireNonNull(upperBounds, "upperBounds");
    if (upperBounds.length == 0) {
      throw new IllegalArgumentException("[]: upperBounds must hold at least one bound");
    }
    return create(upperBounds, bucketCounts, sum, null);
  }

  /**
   * A histogram with exponential buckets and classic ones. Unlike {@link #of(double[], long[], double)},
   * {@code upperBounds} may be empty: the classic form is then the {@code +Inf} bucket alone
   * ({@code bucketCounts = {count}}), which is what a histogram without configured bounds has.
   *
   * @param upperBounds finite and strictly increasing, possibly empty; copied
   * @param bucketCounts one more than {@code upperBounds}, each {@code >= 0} and not cumulative; copied
   * @param sum the sum of the observations, finite
   * @param exponential the same observations in exponential buckets; its count must equal the sum of
   *     {@code bucketCounts}
   * @return the histogram
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if an argument breaks these rules; the message leads with the bad value
   */
  public static HistogramValue of(
      double[] upperBounds, long[] bucketCounts, double sum, ExponentialBuckets exponential) {
    Objects.requireNonNull(upperBounds, "upperBounds");
    Objects.requireNonNull(exponential, "exponential");
    return create(upperBounds, bucketCounts, sum, exponential);
  }

  private static HistogramValue create(
      double[] upperBounds, long[] bucketCounts, double sum, ExponentialBuckets exponential) {
    Objects.requireNonNull(bucketCounts, "bucketCounts");
    double[] bounds = checkedBounds(upperBounds, "upperBounds");
    if (bucketCounts.length != bounds.length + 1) {
      throw new IllegalArgumentException(bucketCounts.length + ": bucketCounts.length must be upperBounds.length + 1 ("
          + (bounds.length + 1) + ")");
    }
    long[] cumulative = new long[bucketCounts.length];
    long total = 0;
    for (int i = 0; i < bucketCounts.length; i++) {
      long count = bucketCounts[i];
      if (count < 0) {
        throw new IllegalArgumentException(count + ": bucketCounts[" + i + "] must be >= 0");
      }
      total += count;
      if (total < 0) {
        throw new IllegalArgumentException(count + ": bucketCounts[" + i + "] overflows the total count");
      }
      cumulative[i] = total;
    }
    if (!Double.isFinite(sum)) {
      throw new IllegalArgumentException(sum + ": sum must be finite");
    }
    if (exponential != null && exponential.count() != total) {
      throw new IllegalArgumentException(exponential.count()
          + ": exponential.count() must equal the sum of bucketCounts (" + total + ")");
    }
    return new HistogramValue(bounds, cumulative, sum, exponential, null);
  }

  /**
   * This distribution with {@code exemplars}, each in the classic bucket its value falls in
   * ({@code upperBound(i-1) < value <= upperBound(i)}), instead of the exemplars it had.
   *
   * <pre>{@code
   * HistogramValue value = HistogramValue.of(new double[] {0.1, 0.5}, new long[] {3, 1, 0}, 0.62)
   *     .withExemplars(List.of(new Exemplar(traceId, spanId, 0.3, epochMillis)));   // bucket le=0.5
   * }</pre>
   *
   * @param exemplars at most one per bucket, each in a bucket that counts at least one observation; empty
   *     for none
   * @return the same distribution with these exemplars
   * @throws NullPointerException if {@code exemplars} or one of them is null
   * @throws IllegalArgumentException if two exemplars fall in the same bucket, or one in an empty bucket; the
   *     message leads with the bad exemplar's value
   */
  public HistogramValue withExemplars(Collection<Exemplar> exemplars) {
    Objects.requireNonNull(exemplars, "exemplars");
    if (exemplars.isEmpty()) {
      return this.exemplars == null ? this : new HistogramValue(upperBounds, cumulative, sum, exponential, null);
    }
    Exemplar[] slots = new Exemplar[cumulative.length];
    int index = 0;
    for (Exemplar exemplar : exemplars) {
      Objects.requireNonNull(exemplar, "exemplars[" + index + "]");
      int bucket = bucketOf(exemplar.value());
      String where = "exemplars[" + index + "] falls in bucket le=" + boundLabel(upperBound(bucket));
      if (slots[bucket] != null) {
        throw new IllegalArgumentException(exemplar.value() + ": " + where
            + ", which already has an exemplar (at most one per bucket)");
      }
      if (count(bucket) == 0) {
        throw new IllegalArgumentException(exemplar.value() + ": " + where + ", which counts no observation");
      }
      slots[bucket] = exemplar;
      index++;
    }
    return new HistogramValue(upperBounds, cumulative, sum, exponential, slots);
  }

  /** The classic bucket of {@code value}: the first with {@code value <= upperBound}, else the +Inf bucket. */
  private int bucketOf(double value) {
    // bounds are distinct and neither they nor an exemplar's value are -0.0 or NaN, so the search is exact
    int bucket = Arrays.binarySearch(upperBounds, value);
    return bucket < 0 ? -bucket - 1 : bucket;
  }

  /**
   * Copies and checks bucket bounds: finite, strictly increasing; {@code -0.0} becomes {@code 0.0}. Shared with
   * {@code io.mvx.metrics.Histogram} through {@link #of}: this class is the one place that states the rules.
   */
  private static double[] checkedBounds(double[] upperBounds, String argument) {
    double[] bounds = new double[upperBounds.length];
    for (int i = 0; i < upperBounds.length; i++) {
      double bound = upperBounds[i];
      if (!Double.isFinite(bound)) {
        throw new IllegalArgumentException(bound + ": " + argument + "[" + i + "] must be finite");
      }
      if (i > 0 && !(bound > bounds[i - 1])) {
        throw new IllegalArgumentException(bound + ": " + argument + "[" + i + "] must be greater than "
            + argument + "[" + (i - 1) + "] (" + bounds[i - 1] + ")");
      }
      bounds[i] = bound + 0.0;
    }
    return bounds;
  }

  /**
   * The number of buckets, the {@code +Inf} bucket included.
   *
   * @return the number of buckets, at least 1
   */
  public int bucketCount() {
    return cumulative.length;
  }

  /**
   * The inclusive upper bound of bucket {@code i}; {@link Double#POSITIVE_INFINITY} for the last.
   *
   * @param i the bucket, from 0 to {@code bucketCount() - 1}
   * @return the bucket's upper bound
   * @throws IndexOutOfBoundsException unless {@code 0 <= i < bucketCount()}
   */
  public double upperBound(int i) {
    Objects.checkIndex(i, cumulative.length);
    return i == upperBounds.length ? Double.POSITIVE_INFINITY : upperBounds[i];
  }

  /**
   * The observations in bucket {@code i} alone: {@code upperBound(i-1) < v <= upperBound(i)}.
   *
   * @param i the bucket, from 0 to {@code bucketCount() - 1}
   * @return the bucket's count (not cumulative)
   * @throws IndexOutOfBoundsException unless {@code 0 <= i < bucketCount()}
   */
  public long count(int i) {
    Objects.checkIndex(i, cumulative.length);
    return i == 0 ? cumulative[0] : cumulative[i] - cumulative[i - 1];
  }

  /**
   * The observations {@code <= upperBound(i)}, as Prometheus' {@code _bucket{le="..."}} samples carry them.
   *
   * @param i the bucket, from 0 to {@code bucketCount() - 1}
   * @return the cumulative count up to and including bucket {@code i}
   * @throws IndexOutOfBoundsException unless {@code 0 <= i < bucketCount()}
   */
  public long cumulativeCount(int i) {
    return cumulative[Objects.checkIndex(i, cumulative.length)];
  }

  /**
   * The number of observations.
   *
   * @return the count, the cumulative count of the {@code +Inf} bucket
   */
  public long count() {
    return cumulative[cumulative.length - 1];
  }

  /**
   * The sum of the observations.
   *
   * @return the sum, finite
   */
  public double sum() {
    return sum;
  }

  /**
   * The same observations in exponential buckets, when the histogram keeps them.
   *
   * @return the exponential buckets, or empty
   */
  public Optional<ExponentialBuckets> exponential() {
    return Optional.ofNullable(exponential);
  }

  /**
   * The exemplar of classic bucket {@code i}: an observation counted in that bucket, with its trace.
   *
   * @param i the bucket, from 0 to {@code bucketCount() - 1}
   * @return the bucket's exemplar, or empty
   * @throws IndexOutOfBoundsException unless {@code 0 <= i < bucketCount()}
   */
  public Optional<Exemplar> exemplar(int i) {
    Objects.checkIndex(i, cumulative.length);
    return exemplars == null ? Optional.empty() : Optional.ofNullable(exemplars[i]);
  }

  /**
   * The exemplars of every bucket that has one, in bucket order (so by increasing value).
   *
   * @return the exemplars, unmodifiable; empty when there are none
   */
  public List<Exemplar> exemplars() {
    if (exemplars == null) {
      return List.of();
    }
    List<Exemplar> present = new ArrayList<>(exemplars.length);
    for (Exemplar exemplar : exemplars) {
      if (exemplar != null) {
        present.add(exemplar);
      }
    }
    return Collections.unmodifiableList(present);
  }

  /**
   * The {@code asMap()} form: {@code {"count": n, "sum": s, "buckets": {"0.005": c, ..., "+Inf": n}}} with
   * cumulative counts as {@code Long}s and each bound written by {@link #boundLabel(double)}, plus
   * {@code "exponential": {...}} ({@link ExponentialBuckets}) when present, and {@code "exemplars": {"0.005":
   * exemplar, ...}} (by bucket bound, only the buckets that have one) when there are exemplars.
   */
  Map<String, Object> toMap() {
    Map<String, Object> buckets = new LinkedHashMap<>();
    for (int i = 0; i < cumulative.length; i++) {
      buckets.put(boundLabel(upperBound(i)), cumulative[i]);
    }
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("count", count());
    map.put("sum", sum);
    map.put("buckets", Collections.unmodifiableMap(buckets));
    if (exponential != null) {
      map.put("exponential", exponential.toMap());
    }
    if (exemplars != null) {
      Map<String, Object> byBucket = new LinkedHashMap<>();
      for (int i = 0; i < exemplars.length; i++) {
        if (exemplars[i] != null) {
          byBucket.put(boundLabel(upperBound(i)), exemplars[i]);
        }
      }
      map.put("exemplars", Collections.unmodifiableMap(byBucket));
    }
    return Collections.unmodifiableMap(map);
  }

  /**
   * A bound as simpleclient writes its {@code le} label: {@code "+Inf"}, otherwise {@link Double#toString}
   * ({@code "0.005"}, {@code "1.0"}, {@code "2.5"}).
   */
  static String boundLabel(double bound) {
    return bound == Double.POSITIVE_INFINITY ? "+Inf" : Double.toString(bound);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof HistogramValue that
        && Double.compare(sum, that.sum) == 0
        && Arrays.equals(upperBounds, that.upperBounds)
        && Arrays.equals(cumulative, that.cumulative)
        && Objects.equals(exponential, that.exponential)
        && Arrays.equals(exemplars, that.exemplars);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Double.hashCode(sum), Arrays.hashCode(upperBounds), Arrays.hashCode(cumulative),
        exponential, Arrays.hashCode(exemplars));
  }

  @Override
  public String toString() {
    return "HistogramValue" + toMap();
  }
}
