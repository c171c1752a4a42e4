package io.mvx.metrics;

import io.mvx.metrics.snapshot.ExponentialBuckets;

/**
 * The exponential buckets a {@link Histogram} keeps: a zero count and a window of buckets per sign, at one
 * scale that starts at {@link ExponentialBuckets#MAX_SCALE} and goes down whenever a sign's buckets would
 * span more than {@code maxBuckets}. Single-threaded.
 */
final class ExponentialState {

  private final int maxBuckets;
  private final BucketWindow positive = new BucketWindow();
  private final BucketWindow negative = new BucketWindow();
  private int scale;
  private double scaleFactor;
  private long zeroCount;

  ExponentialState(int maxBuckets, int initialScale) {
    this.maxBuckets = maxBuckets;
    this.scale = initialScale;
    this.scaleFactor = ExponentialIndex.scaleFactor(initialScale);
  }

  /**
   * Counts {@code value}: zero (either sign) in the zero count, others by magnitude; an infinity counts in the
   * bucket of {@link Double#MAX_VALUE}, whose upper bound {@code 2^1024} is infinite as a double. NaN must have
   * been filtered out by the caller.
   */
  void record(double value) {
    if (value == 0) {
      zeroCount++;
      return;
    }
    BucketWindow side = value > 0 ? positive : negative;
    double magnitude = Math.min(Math.abs(value), Double.MAX_VALUE);
    int index = ExponentialIndex.index(magnitude, scale, scaleFactor);
    while (!side.increment(index)) {
      int shift = side.downscaleNeeded(index, maxBuckets);
      if (shift == 0) {
        side.grow(index, maxBuckets);
      } else {
        positive.downscale(shift);
        negative.downscale(shift);
        scale -= shift;
        scaleFactor = ExponentialIndex.scaleFactor(scale);
        index = ExponentialIndex.index(magnitude, scale, scaleFactor);
      }
    }
  }

  int scale() {
    return scale;
  }

  ExponentialBuckets snapshot() {
    return ExponentialBuckets.of(
        scale, zeroCount, positive.offset(), positive.copy(), negative.offset(), negative.copy());
  }
}
