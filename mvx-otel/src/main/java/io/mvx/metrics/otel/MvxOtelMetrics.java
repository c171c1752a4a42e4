package io.mvx.metrics.otel;

import io.mvx.metrics.MetricsRuntime;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterBuilder;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricProducer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Publishes every snapshot of a {@link MetricsRuntime} as OpenTelemetry observable instruments; the
 * returned registration is closed to stop.
 *
 * <pre>{@code
 * MetricsRuntime runtime = new MetricsRuntime("example.metrics");
 * runtime.start();
 * SdkMeterProvider meterProvider = SdkMeterProvider.builder()
 *     .registerMetricReader(PeriodicMetricReader.builder(OtlpGrpcMetricExporter.getDefault()).build())
 *     .registerMetricProducer(MvxOtelMetrics.metricProducer(runtime))   // histograms
 *     .build();
 * OpenTelemetrySdk openTelemetry = OpenTelemetrySdk.builder().setMeterProvider(meterProvider).build();
 *
 * MvxOtelMetrics registration = MvxOtelMetrics.register(runtime, openTelemetry);
 * DocumentStorage storage = new DocumentStorage(runtime.createRecorder("document_storage"));
 * // ... on shutdown: export the last values, then stop
 * meterProvider.close();
 * registration.close();
 * runtime.close();
 * }</pre>
 *
 * <p>The mapping, for runtime namespace {@code N}, metric name {@code M} and value dimension {@code D}:
 * <ul>
 *   <li>meter (instrumentation scope) {@code N}, optionally with a version ({@link MvxOtelOptions});
 *   <li>instrument {@code M.D}; counters lose a trailing {@code _total} or {@code .total}
 *       ({@code document_storage.save.attempts} dimension {@code success_total} becomes
 *       {@code document_storage.save.attempts.success}, dimension {@code total} becomes
 *       {@code document_storage.save.attempts});
 *   <li>{@code COUNTER} values: an observable double counter reporting the absolute total (cumulative or
 *       delta is the reader's choice; an observable instrument cannot carry a counter's exemplar, so counters
 *       export none; histograms' exemplars go through {@link #metricProducer(MetricsRuntime)}); {@code GAUGE} values: an observable double gauge; {@code HISTOGRAM}
 *       values: not through {@code register} (OpenTelemetry has no asynchronous histogram instrument) but
 *       through {@link #metricProducer(MetricsRuntime)}; {@code register} only reserves their names, so the
 *       first-wins rule and the skip counter cover them;
 *   <li>unit: the snapshot's UCUM unit as is ({@code By}, {@code s}, {@code ms}), except {@code 1},
 *       which becomes no unit; description: the snapshot's description, or the metric name when it has
 *       none (so a Prometheus exporter downstream writes a HELP line, as {@code MvxCollector} does);
 *   <li>attributes: {@code recorder} = the recorder id, plus the value's labels;
 *   <li>the runtime's statistics: counters {@code mvx.runtime.events.accepted}, {@code .dropped},
 *       {@code .rejected}, {@code .processed}, {@code mvx.runtime.handler.errors} and gauges
 *       {@code mvx.runtime.events.pending}, {@code mvx.runtime.recorders}, {@code mvx.runtime.snapshot.age}
 *       (seconds) and the others of the convention's table, with attribute {@code namespace}.
 * </ul>
 *
 * <p><b>Deadline.</b> A collection waits for the runtime's processing thread at most the
 * {@linkplain MvxOtelOptions.Builder#collectionDeadline collection deadline} (default: the runtime's operation
 * timeout). When the current cut is late (a metric blocks the processing thread) it exports each recorder's
 * last good snapshot instead, and {@code mvx.runtime.snapshot.age} says how old that is (0 for a fresh cut).
 *
 * <p><b>One registration per runtime and meter provider.</b> Registering a runtime again with a meter
 * provider it is registered with (and not closed) is refused: every series would be reported twice. The
 * check holds neither the runtime nor the provider: a registration that is never closed does not keep them
 * from being garbage collected.
 *
 * <p>Each collection reads one {@code runtime.snapshot()} for all instruments (they are registered
 * through {@code Meter.batchCallback}). Metrics and recorders created after registration are exported
 * from the next collection on (a dimension a metric only reports later, from the collection after the
 * one that first sees it); the series of a removed recorder end. Values that cannot be exported are
 * skipped, logged once through {@link System.Logger} {@code io.mvx.metrics.otel}, and counted at every
 * collection in the counter {@code mvx.runtime.collector.skipped} (attributes {@code namespace} and
 * {@code reason}), as the other adapters count theirs: a name that is not a valid OpenTelemetry instrument
 * name ({@code invalid_name}; the SDK would silently drop it), or a name another metric value already
 * exports with another kind ({@code kind_conflict}), unit ({@code unit_conflict}) or source
 * ({@code duplicate_series}); the first one wins. Callbacks never throw.
 *
 * <p>The SDK keeps at most 2,000 series per instrument by default and folds the rest into one series
 * with the attribute {@code otel.metric.overflow=true}; with more recorders per instrument (one per
 * connection, say) raise the limit with a {@code View}: {@code View.builder().setCardinalityLimit(n)}.
 */
public final class MvxOtelMetrics implements AutoCloseable {

  private final MetricsRuntime runtime;
  private final MeterProvider meterProvider;
  private final InstrumentRegistry registry;
  private final OtelSnapshotExport collector;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MvxOtelMetrics(MetricsRuntime runtime, MeterProvider meterProvider, InstrumentRegistry registry,
      OtelSnapshotExport collector) {
    this.runtime = runtime;
    this.meterProvider = meterProvider;
    this.registry = registry;
    this.collector = collector;
  }

  /**
   * Publishes {@code runtime} through {@code openTelemetry} with {@linkplain MvxOtelOptions#defaults()
   * default options}. The runtime may be started before or after.
   *
   * @param runtime the runtime to publish
   * @param openTelemetry where to publish it
   * @return the registration; {@link #close()} it to stop publishing
   * @throws IllegalStateException when this runtime is already registered with this OpenTelemetry's meter
   *     provider and that registration is not closed
   */
  public static MvxOtelMetrics register(MetricsRuntime runtime, OpenTelemetry openTelemetry) {
    return register(runtime, openTelemetry, MvxOtelOptions.defaults());
  }

  /**
   * Publishes {@code runtime} through {@code openTelemetry}.
   *
   * <pre>{@code
   * MvxOtelMetrics registration = MvxOtelMetrics.register(runtime, openTelemetry,
   *     MvxOtelOptions.builder().instrumentationVersion("2.3.1").build());
   * }</pre>
   *
   * @param runtime the runtime to publish
   * @param openTelemetry where to publish it
   * @param options the instrumentation version and the recorder attribute key
   * @return the registration; {@link #close()} it to stop publishing
   * @throws IllegalStateException when this runtime is already registered with this OpenTelemetry's meter
   *     provider and that registration is not closed
   */
  public static MvxOtelMetrics register(
      MetricsRuntime runtime, OpenTelemetry openTelemetry, MvxOtelOptions options) {
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(openTelemetry, "openTelemetry");
    Objects.requireNonNull(options, "options");
    MeterProvider meterProvider =
        Objects.requireNonNull(openTelemetry.getMeterProvider(), "openTelemetry.getMeterProvider()");
    if (!ActiveRegistrations.add(runtime, meterProvider)) {
      throw new IllegalStateException("runtime '" + runtime.namespace() + "' is already registered with"
          + " this OpenTelemetry meter provider; close that registration first");
    }
    try {
      MeterBuilder meterBuilder = meterProvider.meterBuilder(runtime.namespace());
      if (!options.instrumentationVersion().isEmpty()) {
        meterBuilder.setInstrumentationVersion(options.instrumentationVersion());
      }
      Meter meter = meterBuilder.build();
      OtelLog log = new OtelLog(runtime.namespace());
      InstrumentRegistry registry = new InstrumentRegistry(meter, log);
      OtelSnapshotExport collector = new OtelSnapshotExport(runtime, options, registry, log);
      runtime.addRegistryListener(collector);
      collector.start();
      return new MvxOtelMetrics(runtime, meterProvider, registry, collector);
    } catch (RuntimeException | Error e) {
      ActiveRegistrations.remove(runtime, meterProvider);
      throw e;
    }
  }

  /**
   * The HISTOGRAM values of {@code runtime} for the OpenTelemetry SDK, with {@linkplain MvxOtelOptions#defaults()
   * default options}: register it with {@code SdkMeterProviderBuilder.registerMetricProducer}, next to
   * {@link #register(MetricsRuntime, OpenTelemetry)} for the counters and gauges (which never exports
   * histograms, so nothing is exported twice).
   *
   * @param runtime the runtime whose histograms to export
   * @return the producer
   * @see #metricProducer(MetricsRuntime, MvxOtelOptions)
   */
  public static MetricProducer metricProducer(MetricsRuntime runtime) {
    return metricProducer(runtime, MvxOtelOptions.defaults());
  }

  /**
   * The HISTOGRAM values of {@code runtime} for the OpenTelemetry SDK: register it with
   * {@code SdkMeterProviderBuilder.registerMetricProducer}. This needs {@code opentelemetry-sdk-metrics}
   * (1.55 or later; an optional dependency of this module), which {@code register} alone does not: the
   * producer's classes are loaded only by this call. (Reflecting over this class' methods, e.g.
   * {@code getMethods()}, does need the SDK, since this method's signature names it.)
   *
   * <pre>{@code
   * SdkMeterProvider meterProvider = SdkMeterProvider.builder()
   *     .registerMetricReader(reader)
   *     .registerMetricProducer(MvxOtelMetrics.metricProducer(runtime))
   *     .build();
   * MvxOtelMetrics registration = MvxOtelMetrics.register(runtime, OpenTelemetrySdk.builder()
   *     .setMeterProvider(meterProvider).build());
   * }</pre>
   *
   * <p>Each {@code produce} call reads one {@code runtime.snapshot()} and returns, per histogram name
   * {@code M.D} (instrumentation scope = the namespace, optionally with {@code options}' version), one
   * cumulative histogram with a point per recorder and label set (attributes: the recorder attribute plus
   * the labels; unit and description from the snapshot):
   * <ul>
   *   <li>explicit buckets ({@code HistogramData}): the snapshot's bounds, per-bucket counts, count and sum;
   *   <li>exponential buckets ({@code ExponentialHistogramData}) when the value keeps them
   *       ({@code Histogram.exponential(...)}): scale, zero count, positive and negative offset and counts,
   *       count and sum; classic bounds configured alongside are then left to the Prometheus adapters;
   *   <li>no min or max (a snapshot has none);
   *   <li>exemplars (a runtime with exemplars enabled): each point's {@code exemplars} are the histogram's,
   *       at most one per classic bucket (the latest observation made in a sampled span), each with its value,
   *       time and the {@code SpanContext} of its trace and span (no filtered attributes); an exponential
   *       point carries the exemplars of the classic buckets kept alongside, one when there are none
   *       (the {@code +Inf} bucket's);
   *   <li>start time: the epoch nanoseconds of the first collection that saw the series (again after a
   *       series vanished, or its count went down); end time: now.
   * </ul>
   *
   * <p>The SDK's caveats for producers apply: views and cardinality limits do not apply to what a producer
   * returns (every series is exported, whatever {@code View}s say), and {@code produce} is called once per
   * metric reader at each of its collections, so two readers take two snapshots (each reader's data is
   * consistent in itself). Histograms refused by the naming rules are logged once; {@code register} counts
   * them in {@code mvx.runtime.collector.skipped}. A failed snapshot gives an empty collection.
   *
   * @param runtime the runtime whose histograms to export
   * @param options the instrumentation version and the recorder attribute key, as given to {@code register}
   * @return the producer
   */
  public static MetricProducer metricProducer(MetricsRuntime runtime, MvxOtelOptions options) {
    Objects.requireNonNull(runtime, "runtime");
    Objects.requireNonNull(options, "options");
    return HistogramProducer.create(runtime, options);
  }

  /**
   * Stops publishing: unregisters every batch callback and the registry listener; the instruments'
   * series end. Idempotent; never throws.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      registry.close();
      runtime.removeRegistryListener(collector);
    } finally {
      ActiveRegistrations.remove(runtime, meterProvider);
    }
  }

  /** The number of batch callbacks registered so far (for tests). */
  int callbackCount() {
    return registry.groupCount();
  }

  @Override
  public String toString() {
    return "MvxOtelMetrics{namespace=" + runtime.namespace() + ", instruments=" + registry.size()
        + ", callbacks=" + registry.groupCount() + ", closed=" + closed.get() + "}";
  }
}
