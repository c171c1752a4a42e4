package io.mvx.metrics.micrometer;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Exports the metrics of a {@link MetricsRuntime} to Micrometer.
 *
 * <p>{@link #bindTo(MeterRegistry)} registers one meter per value of every recorder's metric snapshots: a
 * {@link FunctionCounter} for a counter value, a {@link Gauge} for a gauge value (histograms: below), named
 * {@code namespace.metricName.dimension} (a counter's without its trailing {@code _total}: Micrometer
 * registries add their own, and the name stays the one {@code MvxCollector} and OpenTelemetry use), tagged
 * {@code recorder} (the recorder id) plus the value's own labels, with the snapshot's description (or, when
 * it has none, the metric name, so a Prometheus registry always writes a HELP line) and its unit as base unit ({@code By} becomes {@code bytes}, {@code s} {@code seconds}, {@code ms}
 * {@code milliseconds}; {@code 1} and annotations such as {@code {event}} none). The runtime's own statistics
 * are exported as {@code mvx.runtime.events.accepted}, {@code .dropped}, {@code .rejected},
 * {@code .processed}, {@code mvx.runtime.handler.errors} (function counters), {@code mvx.runtime.events.pending}
 * and {@code mvx.runtime.recorders} (gauges), tagged {@code namespace}, and
 * {@code mvx.runtime.collector.skipped} (tagged {@code namespace} and {@code reason}) counts the values left
 * out at each refresh: the first value of a meter name in snapshot order decides its kind and tag keys, and a
 * later value of the other kind, with other tag keys or with the same tags is skipped and logged (throttled),
 * as the other adapters do.
 *
 * <p><b>Histograms.</b> Micrometer has no public way to feed a distribution computed elsewhere (its
 * {@code Timer} and {@code DistributionSummary} only record observations one by one), so a HISTOGRAM value
 * keeps its count and sum, in the snapshot's unit, and loses its buckets:
 * <ul>
 *   <li>with a time unit ({@code s}, {@code ms}, {@code us}, {@code ns}, {@code min}, {@code h}, {@code d}):
 *       one {@code FunctionTimer} {@code N.M.D} (count, and the sum as total time, which each registry converts
 *       to its base time unit). A {@code PrometheusMeterRegistry} shows it as a summary without quantiles,
 *       {@code N_M_D_seconds_count} and {@code N_M_D_seconds_sum}: for a histogram in seconds the very
 *       {@code _count} and {@code _sum} series {@code MvxCollector} writes; an OTLP registry as a histogram
 *       with count and sum and no buckets;
 *   <li>otherwise two {@link FunctionCounter}s, {@code N.M.D.count} (no unit) and {@code N.M.D.sum} (the
 *       snapshot's base unit): {@code N_M_D_count_total} and {@code N_M_D_sum_bytes_total} in a Prometheus
 *       registry. (A custom meter with COUNT and TOTAL statistics would read better in a
 *       {@code SimpleMeterRegistry}, but an OTLP registry publishes it without a data point, and Prometheus
 *       registries split it into counters anyway.) The sum is a counter: a histogram of negative observations
 *       has a sum that goes down, which a registry may read as a reset;
 *   <li>the buckets, and an exponential histogram's buckets, are not carried by any Micrometer type. For
 *       quantiles, scrape {@code MvxCollector} (or the client_java 1.x adapter) beside the Micrometer registry,
 *       or export through OpenTelemetry's {@code MvxOtelMetrics.metricProducer}.
 * </ul>
 *
 * <p><b>Exemplars: not carried.</b> A snapshot's exemplars (the trace and span of a bucket's or a counter's
 * latest traced observation, see {@code MetricsRuntime.Builder.exemplars}) have no place in Micrometer's
 * types: {@code FunctionCounter}, {@code FunctionTimer} and {@code Gauge} read a number and nothing else, and
 * the registries that write exemplars (Prometheus, OTLP) sample them themselves while a {@code Counter} or
 * {@code Timer} records in a span, through their own span-context hook, which a value computed elsewhere never
 * passes. So this binder exports no exemplar, and none is approximated. For exemplars, scrape the
 * client_java 1.x adapter ({@code MvxMultiCollector}, OpenMetrics or protobuf) or export through
 * {@code MvxOtelMetrics.metricProducer}.
 *
 * <pre>{@code
 * MetricsRuntime runtime = new MetricsRuntime("example.metrics");
 * runtime.start();
 * MvxMeterBinder binder = new MvxMeterBinder(runtime);
 * binder.bindTo(registry);          // e.g. a PrometheusMeterRegistry; Spring Boot calls this for a bean
 * ...
 * binder.close();                   // removes every meter it registered
 * }</pre>
 *
 * <p><b>Read cycles: fresh reads, one snapshot per scrape.</b> Micrometer reads meters one by one and says
 * nothing about where a scrape begins, so the binder groups reads into <em>read cycles</em> by their rhythm:
 * the reads of one scrape or publish come in a burst, and a read that comes more than the
 * {@linkplain Builder#readGap read gap} (default {@link #DEFAULT_READ_GAP 2 ms}) after the previous read
 * ended starts a new cycle. The read that starts a cycle takes one runtime snapshot, and every read of the
 * cycle uses it. So a scrape of any number of meters costs one processing-thread round trip, and a scrape
 * that starts after events were emitted (after a pause of more than the read gap) shows them, as the core's
 * read-your-writes promises: {@code mvx.runtime.recorders} and the meters of a removed recorder follow at
 * that scrape too. Reads that keep coming without a gap start a new cycle at the latest when the cycle's
 * snapshot is older than the {@linkplain Builder#staleness staleness} bound (default
 * {@link #DEFAULT_STALENESS one second}). The one case that reads older values: an event emitted between two
 * reads less than the read gap apart (say, emitting between two {@code counter.count()} calls in a tight
 * loop) shows from the next cycle.
 *
 * <p><b>Deadline.</b> A refresh waits for the runtime's processing thread at most the
 * {@linkplain Builder#collectionDeadline collection deadline} (default: the runtime's operation timeout).
 * When the current cut is late (a metric blocks the processing thread) the runtime serves each recorder's
 * last good snapshot instead, and {@code mvx.runtime.snapshot.age} (a gauge, in seconds, 0 for a fresh
 * cut) says how old it is; the meters never turn empty.
 *
 * <p><b>A changing runtime.</b> The binder listens to the runtime: the meters of a metric are registered in
 * every bound registry as soon as the metric is registered (with the metric's values at that moment), and a
 * removed recorder loses exactly the meters this binder registered for it, so the next scrape after
 * {@code createRecorder} and {@code registerMetric} return shows the new series. Each fresh snapshot also
 * brings the meter set up to date: labelled values that appeared get meters, and a value its metric no
 * longer reports loses its meter. A metric whose snapshot throws keeps its meters at their last values.
 *
 * <p><b>Failures.</b> Meter functions never throw: when a snapshot fails all the same, meters keep their last
 * values, the failure is logged (throttled) through {@link System.Logger} {@code io.mvx.metrics.micrometer}
 * and counted in {@code mvx.runtime.collector.skipped} (reason {@code snapshot_failed}), and the next attempt
 * comes one second later. Values never turn NaN through garbage
 * collection: the binder holds the meters' state strongly and is itself held by the runtime while bound.
 *
 * <p>Bind a binder to any number of registries, including a {@code CompositeMeterRegistry}; bind one
 * binder per runtime and registry (two binders of one runtime in one registry would share meters). Thread
 * safe.
 */
public final class MvxMeterBinder implements MeterBinder, AutoCloseable {

  /** The longest a read cycle uses its snapshot by default: one second. */
  public static final Duration DEFAULT_STALENESS = Duration.ofSeconds(1);

  /** The default read gap: a read more than 2 ms after the previous one starts a new read cycle. */
  public static final Duration DEFAULT_READ_GAP = Duration.ofMillis(2);

  /** The longest staleness a binder accepts: one hour. */
  public static final Duration MAX_STALENESS = Duration.ofHours(1);

  private final MicrometerSnapshotExport meters;

  /**
   * A binder for {@code runtime} with the default read gap, staleness and collection deadline.
   *
   * @param runtime the runtime to export; it may be started before or after binding
   */
  public MvxMeterBinder(MetricsRuntime runtime) {
    this(builder(runtime));
  }

  private MvxMeterBinder(Builder builder) {
    this.meters = new MicrometerSnapshotExport(builder.runtime,
        new ReadCycles(builder.nanoClock, builder.readGap.toNanos(), builder.staleness.toNanos()), builder.deadline);
  }

  /**
   * A builder for a binder of {@code runtime}.
   *
   * <pre>{@code
   * MvxMeterBinder binder = MvxMeterBinder.builder(runtime)
   *     .collectionDeadline(Duration.ofSeconds(2))   // never wait longer for the processing thread
   *     .build();
   * }</pre>
   *
   * @param runtime the runtime to export
   * @return a builder with the defaults
   */
  public static Builder builder(MetricsRuntime runtime) {
    return new Builder(runtime);
  }

  /**
   * Registers the runtime's meters in {@code registry} and keeps them up to date until {@link #close()}.
   * Binding the same registry again does nothing.
   *
   * @throws IllegalStateException when the binder is closed
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    meters.bind(registry);
  }

  /**
   * Removes every meter this binder registered from every registry it is bound to and stops listening to
   * the runtime. Idempotent; the binder cannot be bound again.
   */
  @Override
  public void close() {
    meters.close();
  }

  @Override
  public String toString() {
    return "MvxMeterBinder{namespace=" + meters.namespace() + "}";
  }

  /** Builds a {@link MvxMeterBinder}. */
  public static final class Builder {
    private final MetricsRuntime runtime;
    private Duration staleness = DEFAULT_STALENESS;
    private Duration readGap = DEFAULT_READ_GAP;
    private Duration deadline;
    private LongSupplier nanoClock = System::nanoTime;

    private Builder(MetricsRuntime runtime) {
      this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    /**
     * The longest one read cycle uses its snapshot (default one second): reads that keep coming without a
     * {@linkplain #readGap gap} start a new cycle once the snapshot is this old. {@link Duration#ZERO} takes a
     * fresh snapshot for every meter read: exact, but one processing-thread round trip per meter.
     *
     * @param staleness from zero to {@link #MAX_STALENESS}
     * @return this builder
     */
    public Builder staleness(Duration staleness) {
      this.staleness = upToMax(staleness, "staleness");
      return this;
    }

    /**
     * How long a pause between two meter reads ends a read cycle (default {@link #DEFAULT_READ_GAP 2 ms}):
     * the next read takes a fresh snapshot. Reads of one scrape follow each other within microseconds; a
     * larger gap shares snapshots across scrapes that follow each other closely, a smaller one may split a
     * scrape that pauses (a garbage collection) into two cycles, which costs one snapshot more.
     *
     * @param readGap from zero to {@link #MAX_STALENESS}
     * @return this builder
     */
    public Builder readGap(Duration readGap) {
      this.readGap = upToMax(readGap, "readGap");
      return this;
    }

    /**
     * The longest a refresh waits for the runtime's processing thread (default: the runtime's operation
     * timeout; a longer deadline is cut to it). When the current cut is late the meters show each recorder's
     * last good snapshot and {@code mvx.runtime.snapshot.age} its age; see
     * {@link MetricsRuntime#snapshot(Duration)}.
     *
     * @param deadline positive
     * @return this builder
     */
    public Builder collectionDeadline(Duration deadline) {
      this.deadline = Checks.positive(deadline, "collectionDeadline");
      return this;
    }

    private static Duration upToMax(Duration value, String argument) {
      Objects.requireNonNull(value, argument);
      if (value.isNegative() || value.compareTo(MAX_STALENESS) > 0) {
        throw new IllegalArgumentException(value + ": " + argument + " must be between 0 and " + MAX_STALENESS);
      }
      return value;
    }

    /** The clock that measures read gaps and staleness; for tests. */
    Builder nanoClock(LongSupplier nanoClock) {
      this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
      return this;
    }

    /**
     * Builds the binder; it registers nothing until {@link MvxMeterBinder#bindTo} is called.
     *
     * @return a new binder
     */
    public MvxMeterBinder build() {
      return new MvxMeterBinder(this);
    }
  }
}
