package io.mvx.metrics.otel;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RegistryListener;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.internal.export.SkipCounter;
import io.mvx.metrics.internal.export.SkipReason;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.opentelemetry.api.common.AttributeKey;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns one {@link RuntimeSnapshot} per collection into the points of every instrument, following the
 * export convention, and counts what it skips.
 *
 * <p><b>One snapshot per collection.</b> The SDK runs a meter's batch callbacks one after the other for
 * each collection (of each reader). Each collection has a plan, numbered by an epoch: the points of every
 * instrument, filled from one {@code runtime.snapshot()}. A group's callback that finds it already
 * recorded the current plan knows a new collection began, takes the snapshot and fills the next plan;
 * the other groups of the collection record from that plan. So every collection reads exactly one
 * snapshot, whatever the number of groups and whichever of them the SDK skips.
 *
 * <p><b>New instruments.</b> Instruments are built when a metric is registered (the registry listener
 * asks the new metric for its snapshot once per metric name, on the processing thread as the contract
 * requires), so metrics and recorders created after registration are exported from the very next
 * collection, and so are new label sets of existing instruments. A value whose instrument a collection
 * discovers (a dimension that appeared after its metric was registered) gets its instrument and group
 * then, and is exported from the following collection on: the SDK only runs the callbacks that were
 * registered when the collection began. Counters report absolute totals, so the first exported point
 * still carries everything.
 *
 * <p><b>Locking.</b> {@code lock} is held across {@code runtime.snapshot()}, which waits for the processing
 * thread; the processing thread (registry listener) therefore never takes {@code lock}, only the
 * registry's short registration lock.
 */
final class OtelSnapshotExport implements InstrumentGroup.Observer, RegistryListener {

  private final MetricsRuntime runtime;
  private final MvxOtelOptions options;
  private final InstrumentRegistry registry;
  private final OtelSelfMetrics selfMetrics;
  private final SkipCounter skipped = new SkipCounter();
  private final SeriesCache series;
  private final OtelLog log;
  private final Set<String> knownMetrics = ConcurrentHashMap.newKeySet();
  private final Object lock = new Object();
  private volatile long epoch; // written under lock

  OtelSnapshotExport(MetricsRuntime runtime, MvxOtelOptions options, InstrumentRegistry registry, OtelLog log) {
    this.runtime = runtime;
    this.options = options;
    this.registry = registry;
    this.log = log;
    this.selfMetrics = new OtelSelfMetrics(registry, runtime.namespace());
    this.series = new SeriesCache(registry, AttributeKey.stringKey(options.recorderAttributeKey()), log, skipped);
  }

  /**
   * Registers the runtime statistics and the instruments of every metric the runtime has now; call after
   * subscribing to the registry so nothing falls in between.
   */
  void start() {
    registry.registerPending(this, epoch);
    RuntimeSnapshot snapshot;
    try {
      snapshot = options.snapshot(runtime);
    } catch (RuntimeException e) {
      log.throttled("snapshot", "runtime.snapshot() failed at registration; instruments are built at the"
          + " first collections instead", e);
      return;
    }
    for (Map<String, MetricSnapshot> metrics : snapshot.recorders().values()) {
      for (MetricSnapshot metric : metrics.values()) {
        knownMetrics.add(metric.name());
        declare(metric);
      }
    }
    registry.registerPending(this, epoch);
  }

  /** Builds the instruments of a metric name seen for the first time; on the processing thread. */
  @Override
  public void metricRegistered(RuntimeRecorder recorder, MetricSnapshot snapshot) {
    try {
      if (registry.isClosed() || !knownMetrics.add(snapshot.name())) {
        return;
      }
      declare(snapshot);
      registry.registerPending(this, epoch);
    } catch (RuntimeException e) {
      log.throttled("metricRegistered", "could not build the instruments of metric " + snapshot.name()
          + " in recorder '" + recorder.recorderId() + "' at registration; they are built when a"
          + " collection sees them", e);
    }
  }

  /** A batch callback: never throws, so a failure costs at most this collection's MVX values. */
  @Override
  public void observe(InstrumentGroup group) {
    if (registry.isClosed()) {
      return;
    }
    try {
      synchronized (lock) {
        long current = epoch;
        if (group.lastEpoch() >= current) {
          current++;
          epoch = current; // first: a failed refresh leaves a partial plan, never replays the previous one
          refresh(current);
        }
        group.record(current);
      }
    } catch (RuntimeException e) {
      log.throttled("collect", "collecting the MVX snapshot failed; this collection misses MVX values", e);
    }
  }

  private void refresh(long next) {
    RuntimeSnapshot snapshot = null;
    try {
      // a late cut is no failure: the runtime serves each recorder's last good snapshot with its age
      snapshot = options.snapshot(runtime);
    } catch (RuntimeException e) {
      skipped.count(SkipReason.SNAPSHOT_FAILED);
      log.throttled("snapshot", "runtime.snapshot() failed; this collection exports only the runtime"
          + " statistics", e);
    }
    if (snapshot != null) {
      series.fill(snapshot, next);
      registry.registerPending(this, next - 1);
    }
    selfMetrics.fill(snapshot == null ? RuntimeSnapshot.empty(runtime.namespace(), runtime.stats()) : snapshot,
        skipped, next);
  }

  private void declare(MetricSnapshot metric) {
    for (MetricValue value : metric.values()) {
      registry.instrumentFor(metric, value);
    }
  }
}
