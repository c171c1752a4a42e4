package io.mvx.metrics.examples;

import java.util.Random;
import java.util.function.DoubleSupplier;

/**
 * How long the demo's simulated storage backend takes for one save, in seconds: most saves are fast (a
 * log-normal body, median {@value #MEDIAN_SECONDS} s), and {@value #SLOW_SHARE} of them are slow (a lock or
 * disk stall: log-normal, median {@value #SLOW_MEDIAN_SECONDS} s). Deterministic for a given {@link Random}.
 *
 * <p>With {@link io.mvx.metrics.Histogram#defaultLatencySeconds()} buckets the median falls in
 * {@code (0.01, 0.025]}, p95 in {@code (0.05, 0.1]} and p99 in {@code (0.5, 1]}: the slow tail is what
 * p99 shows and an average hides.
 */
public final class SaveLatency implements DoubleSupplier {

  /** The median of the fast saves, in seconds. */
  public static final double MEDIAN_SECONDS = 0.015;
  /** The spread of the fast saves: the standard deviation of their logarithm. */
  public static final double SIGMA = 0.7;
  /** The share of slow saves. */
  public static final double SLOW_SHARE = 0.02;
  /** The median of the slow saves, in seconds. */
  public static final double SLOW_MEDIAN_SECONDS = 0.6;
  /** The spread of the slow saves: the standard deviation of their logarithm. */
  public static final double SLOW_SIGMA = 0.5;

  private final Random random;

  /**
   * Draws from {@code random}.
   *
   * @param random the source of randomness; this class calls it from the caller's thread only
   */
  public SaveLatency(Random random) {
    this.random = random;
  }

  /** The next save's duration in seconds: always positive and finite. */
  @Override
  public double getAsDouble() {
    boolean slow = random.nextDouble() < SLOW_SHARE;
    double gaussian = random.nextGaussian();
    return slow
        ? SLOW_MEDIAN_SECONDS * Math.exp(SLOW_SIGMA * gaussian)
        : MEDIAN_SECONDS * Math.exp(SIGMA * gaussian);
  }
}
