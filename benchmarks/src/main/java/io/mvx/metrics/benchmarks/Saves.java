package io.mvx.metrics.benchmarks;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import java.time.Duration;
import java.util.Random;

/**
 * What the histogram benchmarks share: the bucket bounds every library gets, and {@value #SIZE} precomputed
 * save attempts (outcome and duration), so that no random number is drawn in a measured path. The durations
 * follow the demo's distribution: log-normal around 15 ms, 2% slow saves around 600 ms; one in ten fails.
 */
final class Saves {

  /** Ten bucket upper bounds in seconds (client_java's default latency buckets up to 5 s), +Inf implied. */
  static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
  /** Precomputed attempts, a power of two: index with {@code i & MASK}. */
  static final int SIZE = 1 << 12;
  static final int MASK = SIZE - 1;

  static final boolean[] SUCCESS = new boolean[SIZE];
  static final double[] SECONDS = new double[SIZE];
  static final long[] NANOS = new long[SIZE];
  /** The same attempts as immutable events, for the variant that reuses them. */
  static final SaveEvent[] EVENTS = new SaveEvent[SIZE];

  static {
    Random random = new Random(13);
    for (int i = 0; i < SIZE; i++) {
      SUCCESS[i] = random.nextInt(10) != 0;
      double gaussian = random.nextGaussian();
      SECONDS[i] = random.nextDouble() < 0.02 ? 0.6 * Math.exp(0.5 * gaussian) : 0.015 * Math.exp(0.7 * gaussian);
      NANOS[i] = Math.round(SECONDS[i] * 1e9);
      EVENTS[i] = new SaveEvent(SUCCESS[i], SECONDS[i]);
    }
  }

  private Saves() {}

  /** {@link #BOUNDS} as Durations, for Micrometer's service level objectives. */
  static Duration[] boundsAsDurations() {
    Duration[] durations = new Duration[BOUNDS.length];
    for (int i = 0; i < BOUNDS.length; i++) {
      durations[i] = Duration.ofNanos(Math.round(BOUNDS[i] * 1e9));
    }
    return durations;
  }

  /**
   * {@link Mvx#drainAndVerify}'s checks for a {@link SaveMetric} (which is not a {@link CounterMetric}):
   * waits until every accepted event is processed, then nothing dropped or rejected, accepted == processed
   * == {@code expected}, and the metric counted {@code expected} attempts and observations.
   */
  static void drainAndVerify(MetricsRuntime runtime, RuntimeRecorder recorder, SaveMetric metric, long expected) {
    Mvx.drainAndVerifyRuntime(runtime, recorder, expected); // the metric's writes are visible after its wait
    Check.equal(runtime.namespace() + ": attempts counted", expected, metric.attempts());
    Check.equal(runtime.namespace() + ": durations observed", expected, metric.observations());
  }
}
