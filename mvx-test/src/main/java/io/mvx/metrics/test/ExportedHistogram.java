package io.mvx.metrics.test;

import io.mvx.metrics.snapshot.ExponentialBuckets;
import io.mvx.metrics.snapshot.HistogramValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A histogram as one backend exported it, read back by a {@link SeriesReader}: always its count and sum, and
 * the buckets the backend carries.
 *
 * @param count the number of observations
 * @param sum the sum of the observations, in the snapshot's unit
 * @param classicBuckets the classic buckets, cumulative, {@code +Inf} last; empty when the backend does not
 *     carry them
 * @param exponential the exponential buckets, when the backend carries them (possibly at a lower scale)
 */
public record ExportedHistogram(long count, double sum, List<Bucket> classicBuckets,
    Optional<ExponentialBuckets> exponential) {

  /**
   * One classic bucket.
   *
   * @param upperBound the inclusive upper bound, {@code +Inf} for the last
   * @param cumulativeCount the observations up to the bound
   */
  public record Bucket(double upperBound, long cumulativeCount) {}

  /** Copies the lists. */
  public ExportedHistogram {
    classicBuckets = List.copyOf(classicBuckets);
  }

  /**
   * Count and sum only, as a backend without buckets exports them.
   *
   * @param count the number of observations
   * @param sum the sum
   * @return the histogram
   */
  public static ExportedHistogram countAndSum(long count, double sum) {
    return new ExportedHistogram(count, sum, List.of(), Optional.empty());
  }

  /**
   * The classic buckets of a snapshot value, as {@link #classicBuckets()} holds them.
   *
   * @param value the snapshot's histogram
   * @return its buckets, cumulative
   */
  public static List<Bucket> classicBucketsOf(HistogramValue value) {
    List<Bucket> buckets = new ArrayList<>(value.bucketCount());
    for (int i = 0; i < value.bucketCount(); i++) {
      buckets.add(new Bucket(value.upperBound(i), value.cumulativeCount(i)));
    }
    return buckets;
  }
}
