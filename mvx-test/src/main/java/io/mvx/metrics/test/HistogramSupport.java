package io.mvx.metrics.test;

import io.mvx.metrics.snapshot.HistogramValue;
import java.util.function.Predicate;

/**
 * What of a histogram an adapter's backend can carry, so that {@link AdapterCompatibilityKit} holds each adapter
 * to what its backend can show: every adapter to the count and the sum, classic and exponential buckets where
 * the backend has them. An adapter's kit subclass overrides {@link AdapterCompatibilityKit#histogramSupport()}.
 *
 * <pre>{@code
 * protected HistogramSupport histogramSupport() {
 *   return HistogramSupport.of(value -> true, value -> value.exponential().isPresent()); // classic + native
 * }
 * }</pre>
 */
public interface HistogramSupport {

  /** Count and sum only (Micrometer). */
  HistogramSupport COUNT_AND_SUM = of(value -> false, value -> false);
  /** Every classic bucket, never exponential ones (simpleclient). */
  HistogramSupport CLASSIC = of(value -> true, value -> false);

  /**
   * Whether the adapter must export the classic buckets of {@code value}.
   *
   * @param value a snapshot's histogram
   * @return whether its classic buckets are exported
   */
  boolean carriesClassicBuckets(HistogramValue value);

  /**
   * Whether the adapter must export the exponential buckets of {@code value} (at its scale or a lower one).
   *
   * @param value a snapshot's histogram
   * @return whether its exponential buckets are exported
   */
  boolean carriesExponentialBuckets(HistogramValue value);

  /**
   * A support from two predicates.
   *
   * @param classic whether the classic buckets of a value are exported
   * @param exponential whether the exponential buckets of a value are exported
   * @return the support
   */
  static HistogramSupport of(Predicate<HistogramValue> classic, Predicate<HistogramValue> exponential) {
    return new HistogramSupport() {
      @Override
      public boolean carriesClassicBuckets(HistogramValue value) {
        return classic.test(value);
      }

      @Override
      public boolean carriesExponentialBuckets(HistogramValue value) {
        return exponential.test(value);
      }
    };
  }
}
