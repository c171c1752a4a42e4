package io.mvx.metrics.micrometer;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RegistryListener;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.internal.ThrottledLog;
import io.mvx.metrics.internal.export.ExportedName;
import io.mvx.metrics.internal.export.SkipCounter;
import io.mvx.metrics.internal.export.SkipReason;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Turns runtime snapshots into the meters of {@link MvxMeterBinder} in every bound registry, following the
 * export convention, and counts what it skips.
 *
 * <p>Meters read their value from the snapshot of the current <em>read cycle</em> ({@link ReadCycles}): the
 * read that starts a cycle takes a fresh snapshot (one processing-thread round trip, waiting at most the
 * collection deadline), pushes its values into the {@link Series} and brings the meter set up to date: values seen for the first time get meters, values a metric no longer reports
 * and recorders that are gone lose theirs, and the convention's first-series rule ({@link ExportedName})
 * decides, in snapshot order, which values of one meter name are exported; each value it refuses is counted
 * once per refresh. One thread refreshes at a time; readers never wait for it, they read the previous
 * values. A failed snapshot keeps the previous values and is retried after {@link #FAILURE_BACKOFF_NANOS}.
 *
 * <p>As a {@link RegistryListener} it registers the meters of a metric as soon as the metric is registered
 * and drops the meters of a removed recorder, so a registry's next scrape shows them without waiting for a
 * refresh. The listener runs on the processing thread, which a refreshing thread may be waiting for while
 * it holds the lock: the listener therefore never waits for the lock, it queues the change
 * ({@link PendingChanges}) and whoever holds or next takes the lock applies it.
 */
final class MicrometerSnapshotExport implements RegistryListener {

  static final long FAILURE_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final MetricsRuntime runtime;
  private final String namespace;
  private final ReadCycles cycles;
  /** How long a refresh waits for the current cut; null: the runtime's operation timeout. */
  private final Duration deadline;
  private final ThrottledLog log = ThrottledLog.create("io.mvx.metrics.micrometer");
  private final ReentrantLock lock = new ReentrantLock();
  private final PendingChanges pending = new PendingChanges(lock, this::applyPending);
  private final SkipCounter skipped = new SkipCounter();

  /** Recorder id to metric name to series; guarded by the lock. */
  private final Map<String, Map<String, Map<Series.Key, Series>>> recorders = new ConcurrentHashMap<>();
  /** The names of the last refresh and the series admitted under them since; guarded by the lock. */
  private Map<String, ExportedName> names = new HashMap<>();
  /** Guarded by the lock. */
  private final List<Binding> bindings = new ArrayList<>();
  private long epoch;
  private boolean listening;

  private volatile boolean closed;
  private volatile boolean refreshed;
  private volatile RuntimeSnapshot served;

  MicrometerSnapshotExport(MetricsRuntime runtime, ReadCycles cycles, Duration deadline) {
    this.runtime = runtime;
    this.namespace = runtime.namespace();
    this.cycles = cycles;
    this.deadline = deadline;
  }

  String namespace() {
    return namespace;
  }

  /** The snapshot of the current read cycle (starting one if due), or the runtime's statistics alone before any. */
  RuntimeSnapshot served() {
    read();
    RuntimeSnapshot current = served;
    return current != null ? current : RuntimeSnapshot.empty(namespace, runtime.stats());
  }

  /** What this export left out so far, by reason, as of the current read cycle (starting one if due). */
  SkipCounter skipped() {
    read();
    return skipped;
  }

  /** Registers every meter in {@code registry} (once per registry) and starts listening to the runtime. */
  void bind(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException(
            registry + ": cannot bind, the MvxMeterBinder of runtime '" + namespace + "' is closed");
      }
      for (Binding binding : bindings) {
        if (binding.registry == registry) {
          return;
        }
      }
      if (!listening) {
        runtime.addRegistryListener(this);
        listening = true;
      }
      if (!refreshed) {
        refreshLocked();
      }
      Binding binding = new Binding(registry, MicrometerSelfMetrics.register(registry, this, log),
          new HashMap<>());
      bindings.add(binding);
      int index = bindings.size() - 1;
      forEachSeries(series -> {
        series.meters = Arrays.copyOf(series.meters, bindings.size());
        series.meters[index] = register(series, binding);
      });
    } finally {
      pending.unlockAndApply();
    }
  }

  /** Removes every meter this export registered and stops listening; idempotent. */
  void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (listening) {
        runtime.removeRegistryListener(this);
      }
      forEachSeries(this::unregister);
      recorders.clear();
      for (Binding binding : bindings) {
        binding.selfMeters.forEach(meter -> remove(binding.registry, meter));
      }
      bindings.clear();
    } finally {
      pending.unlockAndApply();
    }
  }

  /**
   * Called by every meter read: takes a fresh snapshot when this read starts a new read cycle; never throws.
   * A read that starts a cycle while another thread holds the lock (another reader refreshing, or the
   * processing thread applying a new metric's meters) waits for it rather than serve values older than its
   * own events; the processing thread itself never waits for the lock.
   */
  void read() {
    if (closed) {
      return;
    }
    if (refreshed && !cycles.startsCycle()) {
      cycles.readDone();
      return;
    }
    // a meter read while this thread refreshes (a registry reading on registration) uses the old values
    if (lock.isHeldByCurrentThread()) {
      return;
    }
    lock.lock();
    try {
      if (!closed && (!refreshed || cycles.startsCycle())) {
        refreshLocked();
      }
    } catch (RuntimeException e) {
      log.warn("refresh", "refreshing the meters of runtime '" + namespace + "' failed; meters keep their"
          + " last values", e);
    } finally {
      cycles.readDone();
      pending.unlockAndApply();
    }
  }

  /** Registers the meters of a new metric now; on the processing thread, so its snapshot may be taken. */
  @Override
  public void metricRegistered(RuntimeRecorder recorder, MetricSnapshot snapshot) {
    String id = recorder.recorderId();
    pending.add(() -> {
      Map<String, Map<Series.Key, Series>> metrics = recorders.computeIfAbsent(id, k -> new LinkedHashMap<>());
      apply(id, snapshot, metrics.computeIfAbsent(snapshot.name(), k -> new LinkedHashMap<>()), epoch, false);
    });
  }

  /**
   * Removes the meters of a removed recorder now, in the removing thread, so the next scrape no longer lists
   * them (a registry lists its meters before it reads them); a recorder created again under its id gets new
   * ones.
   */
  @Override
  public void recorderDetached(RuntimeRecorder recorder) {
    String id = recorder.recorderId();
    pending.add(() -> removeRecorder(id));
  }

  private void applyPending(Runnable change) {
    if (closed) {
      return;
    }
    try {
      change.run();
    } catch (RuntimeException e) {
      log.warn("listener", "could not follow a change of runtime '" + namespace + "' at once; the next refresh"
          + " does", e);
    }
  }

  private void refreshLocked() {
    RuntimeSnapshot snapshot;
    try {
      // late cuts are not failures: the runtime serves each recorder's last good snapshot with its age
      snapshot = deadline == null ? runtime.snapshot() : runtime.snapshot(deadline);
    } catch (RuntimeException e) {
      skipped.count(SkipReason.SNAPSHOT_FAILED);
      served = RuntimeSnapshot.empty(namespace, runtime.stats());
      refreshed = true;
      cycles.failed(FAILURE_BACKOFF_NANOS);
      log.warn("snapshot", "snapshot of runtime '" + namespace + "' failed; meters keep their last values"
          + " until the next attempt", e);
      return;
    }
    apply(snapshot);
    refreshed = true;
    cycles.started();
  }

  private void apply(RuntimeSnapshot snapshot) {
    long current = ++epoch;
    names = new HashMap<>();
    Map<String, Map<String, MetricSnapshot>> live = snapshot.recorders();
    for (String id : recorders.keySet()) {
      if (!live.containsKey(id)) {
        removeRecorder(id);
      }
    }
    live.forEach((id, metrics) -> {
      // ordered maps: the meter set follows snapshot order, also when a registry is bound later
      Map<String, Map<Series.Key, Series>> known = recorders.computeIfAbsent(id, k -> new LinkedHashMap<>());
      for (MetricSnapshot metric : metrics.values()) {
        apply(id, metric, known.computeIfAbsent(metric.name(), k -> new LinkedHashMap<>()), current, true);
      }
    });
    served = snapshot;
  }

  /**
   * Updates the series of one metric; a metric missing from the snapshot (its snapshot threw) is not
   * passed here, so its meters keep their last values.
   *
   * @param collection whether a refresh applies a full snapshot (refusals are counted, series not seen are
   *     removed) rather than the listener one new metric
   */
  private void apply(String recorderId, MetricSnapshot metric, Map<Series.Key, Series> known, long current,
      boolean collection) {
    for (MetricValue value : metric.values()) {
      Series.Key key = Series.Key.of(value);
      Series series = known.get(key);
      if (series != null && !collection) {
        continue; // a refresh saw it first; the listener only adds what is new
      }
      if (series != null && series.kind != value.kind()) {
        unregister(known.remove(key));
        series = null;
      }
      Series candidate = series != null ? series : new Series(this, namespace, recorderId, metric, value);
      SkipReason refused = admit(candidate);
      if (refused != null) {
        if (collection) {
          skipped.count(refused);
          log.warn(refused.label(), "skipped " + candidate.name + candidate.tags + " of runtime '" + namespace
              + "': " + refused.label() + " (the first value of a meter name in snapshot order decides its"
              + " kind and tag keys; names are namespace.metric.dimension)", null);
        }
        if (series != null) {
          unregister(known.remove(key));
        }
        continue;
      }
      if (series == null) {
        series = candidate;
        known.put(key, series);
        series.meters = new Meter[bindings.size()][];
        for (int i = 0; i < bindings.size(); i++) {
          series.meters[i] = register(series, bindings.get(i));
        }
      } else {
        series.update(value);
      }
      series.epoch = current;
    }
    if (collection && known.size() != metric.values().size()) {
      known.values().removeIf(series -> {
        if (series.epoch != current) {
          unregister(series);
          return true;
        }
        return false;
      });
    }
  }

  /** Offers every meter name of {@code series} to the first-series rule; the first refusal, or null. */
  private SkipReason admit(Series series) {
    for (String meterName : series.meterNames()) {
      ExportedName name = names.get(meterName);
      if (name == null) {
        name = new ExportedName(series.kind, series.tagKeys, false);
        names.put(meterName, name);
      }
      SkipReason refused = name.admit(series.kind, series.tagKeys, series.tagValues);
      if (refused != null) {
        return refused;
      }
    }
    return null;
  }

  private void removeRecorder(String id) {
    Map<String, Map<Series.Key, Series>> metrics = recorders.remove(id);
    if (metrics != null) {
      metrics.values().forEach(series -> series.values().forEach(this::unregister));
    }
  }

  private void forEachSeries(Consumer<Series> action) {
    recorders.values().forEach(metrics -> metrics.values().forEach(series -> series.values().forEach(action)));
  }

  /**
   * Registers {@code series} in one registry. A registry may still hand out one meter for two series (its
   * own naming makes their ids equal): the first series keeps it, the second is logged and not exported
   * there.
   */
  private Meter[] register(Series series, Binding binding) {
    Meter[] meters;
    try {
      meters = series.register(binding.registry);
    } catch (RuntimeException e) {
      log.warn("register", "could not register " + series.name + series.tags + " in "
          + binding.registry.getClass().getSimpleName() + "; it is not exported there", e);
      return null;
    }
    for (int i = 0; i < meters.length; i++) {
      Series owner = binding.owners.putIfAbsent(meters[i], series);
      if (owner != null && owner != series) {
        log.warn("collision", series.name + series.tags + " of runtime '" + namespace + "' is the meter of"
            + " another value (" + owner.name + owner.tags + ") in "
            + binding.registry.getClass().getSimpleName() + ": the first one keeps the meter", null);
        for (int j = 0; j < i; j++) {
          binding.owners.remove(meters[j], series);
          remove(binding.registry, meters[j]);
        }
        return null;
      }
    }
    return meters;
  }

  private void unregister(Series series) {
    for (int i = 0; i < series.meters.length; i++) {
      if (series.meters[i] != null) {
        Binding binding = bindings.get(i);
        for (Meter meter : series.meters[i]) {
          binding.owners.remove(meter, series);
          remove(binding.registry, meter);
        }
        series.meters[i] = null;
      }
    }
  }

  private void remove(MeterRegistry registry, Meter meter) {
    try {
      registry.remove(meter);
    } catch (RuntimeException e) {
      log.warn("remove", "could not remove " + meter.getId() + " from " + registry.getClass().getSimpleName(), e);
    }
  }

  /** A registry this export is bound to, the self-metric meters it registered there, and each meter's series. */
  private record Binding(MeterRegistry registry, List<Meter> selfMeters, Map<Meter, Series> owners) {}
}
