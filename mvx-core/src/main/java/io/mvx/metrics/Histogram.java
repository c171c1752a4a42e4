package io.mvx.metrics;

import io.mvx.metrics.snapshot.ExponentialBuckets;
import io.mvx.metrics.snapshot.HistogramValue;
import java.util.Objects;

/**
 * The mutable state of a distribution that a {@link Metric} keeps: classic buckets with upper bounds and,
 * optionally, exponential (base-2) buckets for Prometheus native and OpenTelemetry exponential histograms.
 *
 * <p>Single-threaded, like every metric's state: it lives on the runtime's processing thread, so it has no
 * atomics and no locks. {@link #record(double)} never allocates (exponential buckets excepted while their
 * arrays grow to {@code maxBuckets} and on the rare downscale) and never throws.
 *
 * <p>Observations: {@code NaN} is ignored and not counted. {@code +Inf} and {@code -Inf} are counted (in the
 * count and in the {@code +Inf} or the first classic bucket, and in the outermost exponential bucket of their
 * sign) but not added to the sum, which {@link HistogramValue} requires to be finite: the sum is that of the
 * finite observations. A sum that overflows saturates at {@code +-Double.MAX_VALUE}.
 *
 * <p>Exemplars: when the event being handled was registered in a sampled span with exemplars enabled
 * ({@link TraceContext#current()} is not null), {@link #record(double)} keeps the observation as the latest
 * exemplar of its classic bucket (value, trace and span ids, wall-clock time), and {@link #snapshot()} hands
 * them out with the buckets. The storage is made at the first exemplar (three arrays of one slot per classic
 * bucket); a histogram that never sees a trace holds none, and keeping one allocates nothing. A histogram
 * with exponential buckets only has a single classic bucket, {@code +Inf}, so it keeps one exemplar: the latest.
 *
 * <pre>{@code
 * final class SaveDurationMetric implements Metric {
 *   private final Histogram seconds = Histogram.defaultLatencySeconds();
 *
 *   public String metricName() { return "document_storage.save.duration"; }
 *
 *   public boolean handleEvent(MetricEvent event) {
 *     if (!(event instanceof DocumentSaved saved)) return false;
 *     seconds.record(saved.nanos() / 1e9);
 *     return true;
 *   }
 *
 *   public MetricSnapshot snapshot() {
 *     return MetricSnapshot.builder(metricName()).unit("s").histogram("seconds", seconds.snapshot()).build();
 *   }
 * }
 * }</pre>
 *
 * <p>For native / exponential histograms, {@code Histogram.exponential(160)} (exponential buckets only) or
 * {@code Histogram.exponential(160, 0.1, 0.5, 1)} (and classic buckets too).
 */
public final class Histogram {

  /** The most buckets per sign {@link #exponential(int)} accepts: far beyond any backend's default of 160. */
  public static final int MAX_EXPONENTIAL_BUCKETS = 1 << 16;

  private static final double[] NO_BOUNDS = {};

  private final double[] upperBounds;
  private final long[] counts;
  private final ExponentialState exponential;
  /** Null until the first observation made in a trace. */
  private ExemplarSlots exemplars;
  private long count;
  private double sum;

  private Histogram(double[] upperBounds, ExponentialState exponential) {
    this.upperBounds = upperBounds;
    this.counts = new long[upperBounds.length + 1];
    this.exponential = exponential;
  }

  /**
   * A histogram with classic buckets: {@code upperBounds} finite, strictly increasing and at least one (the
   * {@code +Inf} bucket is implied).
   *
   * @param upperBounds the buckets' inclusive upper bounds; copied
   * @return an empty histogram
   * @throws NullPointerException if {@code upperBounds} is null
   * @throws IllegalArgumentException if the bounds break those rules; the message leads with the bad value
   */
  public static Histogram withUpperBounds(double... upperBounds) {
    return new Histogram(checkedBounds(upperBounds, false), null);
  }

  /**
   * A histogram of durations in seconds with client_java's default buckets:
   * {@code .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}.
   *
   * @return an empty histogram
   */
  public static Histogram defaultLatencySeconds() {
    return withUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10);
  }

  /**
   * A histogram with exponential buckets only (its classic form is the {@code +Inf} bucket alone). It starts
   * at scale {@value ExponentialBuckets#MAX_SCALE} and lowers the scale as the observations' range grows, so
   * that the positive and the negative buckets each span at most {@code maxBuckets}.
   *
   * @param maxBuckets the most buckets per sign, from 3 (which holds any range at scale
   *     {@value ExponentialBuckets#MIN_SCALE}) to {@value #MAX_EXPONENTIAL_BUCKETS}; 160 is OpenTelemetry's
   *     and Prometheus' usual choice
   * @return an empty histogram
   * @throws IllegalArgumentException if {@code maxBuckets} is out of range
   */
  public static Histogram exponential(int maxBuckets) {
    return exponential(maxBuckets, NO_BOUNDS);
  }

  /**
   * A histogram with exponential buckets, as {@link #exponential(int)}, and classic buckets with
   * {@code upperBounds} (finite and strictly increasing; may be empty), for backends that want both.
   *
   * @param maxBuckets the most buckets per sign, from 3 to {@value #MAX_EXPONENTIAL_BUCKETS}
   * @param upperBounds the classic buckets' inclusive upper bounds; copied
   * @return an empty histogram
   * @throws NullPointerException if {@code upperBounds} is null
   * @throws IllegalArgumentException if {@code maxBuckets} is out of range or the bounds break the rules
   */
  public static Histogram exponential(int maxBuckets, double... upperBounds) {
    if (maxBuckets < 3 || maxBuckets > MAX_EXPONENTIAL_BUCKETS) {
      throw new IllegalArgumentException(
          maxBuckets + ": maxBuckets must be between 3 and " + MAX_EXPONENTIAL_BUCKETS);
    }
    return new Histogram(checkedBounds(upperBounds, true),
        new ExponentialState(maxBuckets, ExponentialBuckets.MAX_SCALE));
  }

  /** For tests: exponential buckets that start at {@code scale}. */
  static Histogram exponentialAtScale(int maxBuckets, int scale) {
    return new Histogram(NO_BOUNDS, new ExponentialState(maxBuckets, scale));
  }

  private static double[] checkedBounds(double[] upperBounds, boolean mayBeEmpty) {
    Objects.requireNonNull(upperBounds, "upperBounds");
    if (upperBounds.length == 0 && mayBeEmpty) {
      return NO_BOUNDS;
    }
    // HistogramValue states the rules and the messages; it copies the bounds and turns -0.0 into 0.0
    HistogramValue empty = HistogramValue.of(upperBounds, new long[upperBounds.length + 1], 0);
    double[] bounds = new double[upperBounds.length];
    for (int i = 0; i < bounds.length; i++) {
      bounds[i] = empty.upperBound(i);
    }
    return bounds;
  }

  /**
   * Counts one observation: a binary search over the bounds and three plain writes (plus the exponential
   * buckets, when kept). {@code NaN} is ignored; infinities are counted but not summed. Inside a traced
   * event the observation also becomes its bucket's exemplar.
   *
   * @param value the observation, in the histogram's unit (e.g. seconds)
   */
  public void record(double value) {
    if (value != value) {
      return;
    }
    int bucket = bucket(value);
    counts[bucket]++;
    count++;
    if (value - value == 0) { // finite
      sum += value;
    }
    if (exponential != null) {
      exponential.record(value);
    }
    TraceContext trace = TraceContext.current();
    if (trace != null) {
      if (exemplars == null) {
        exemplars = new ExemplarSlots(counts.length);
      }
      exemplars.keep(bucket, trace, value);
    }
  }

  /** The classic bucket of {@code value}: the first with {@code value <= upperBound}, else the +Inf bucket. */
  private int bucket(double value) {
    int low = 0;
    int high = upperBounds.length;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (value <= upperBounds[middle]) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }

  /**
   * The number of observations recorded ({@code NaN} excluded).
   *
   * @return the count
   */
  public long count() {
    return count;
  }

  /**
   * The sum of the finite observations, saturated at {@code +-Double.MAX_VALUE}.
   *
   * @return the sum, finite
   */
  public double sum() {
    return Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, sum));
  }

  /**
   * An immutable copy of the current state, with the exponential buckets when this histogram keeps them and
   * the latest exemplar of each classic bucket that has one.
   *
   * @return the histogram's value now
   */
  public HistogramValue snapshot() {
    HistogramValue value = exponential == null
        ? HistogramValue.of(upperBounds, counts, sum())
        : HistogramValue.of(upperBounds, counts, sum(), exponential.snapshot());
    return exemplars == null ? value : value.withExemplars(exemplars.exemplars());
  }

  @Override
  public String toString() {
    return "Histogram" + snapshot();
  }
}
