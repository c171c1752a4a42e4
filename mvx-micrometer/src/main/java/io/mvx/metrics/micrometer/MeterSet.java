package io.mvx.metrics.micrometer;

import io.mvx.metrics.internal.ThrottledLog;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RegistryListener;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.snapshot.RuntimeStats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The engine of {@link MvxMeterBinder}: the memoised runtime snapshot and the meters derived from it in
 * every bound registry.
 *
 * <p>Meters read their value from the memoised snapshot. The first read after the staleness window takes a
 * fresh snapshot (one processing-thread round trip), pushes its values into the {@link Series} and brings
 * the meter set up to date: values seen for the first time get meters, values a metric no longer reports
 * and recorders that are gone lose theirs. One thread refreshes at a time; readers never wait for it, they
 * read the previous values. A failed snapshot keeps the previous values and is retried after the window
 * (at least {@link #FAILURE_BACKOFF_NANOS}).
 *
 * <p>As a {@link RegistryListener} it only notes removed recorders (on the processing thread, never
 * touching a registry), so a recorder removed and re-created under the same id between two refreshes gets
 * new meters.
 */
final class MeterSet implements RegistryListener {

  static final long FAILURE_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final MetricsRuntime runtime;
  private final String namespace;
  private final long stalenessNanos;
  private final LongSupplier nanoClock;
  private final ThrottledLog log = ThrottledLog.create("io.mvx.metrics.micrometer");
  private final ReentrantLock lock = new ReentrantLock();

  /** Recorder id to metric name to series; structure changed under the lock, read by the listener. */
  private final Map<String, Map<String, Map<Series.Key, Series>>> recorders = new ConcurrentHashMap<>();
  /** Ids of recorders with meters that the runtime removed since the last refresh. */
  private final Set<String> removedRecorders = ConcurrentHashMap.newKeySet();
  /** Guarded by the lock. */
  private final List<Binding> bindings = new ArrayList<>();
  private long epoch;
  private boolean listening;

  private volatile boolean closed;
  private volatile boolean refreshed;
  private volatile long nextRefreshAt;
  private volatile RuntimeStats stats = RuntimeStats.empty();

  MeterSet(MetricsRuntime runtime, long stalenessNanos, LongSupplier nanoClock) {
    this.runtime = runtime;
    this.namespace = runtime.namespace();
    this.stalenessNanos = stalenessNanos;
    this.nanoClock = nanoClock;
  }

  String namespace() {
    return namespace;
  }

  /** The runtime statistics of the current (possibly refreshed) memoised snapshot. */
  RuntimeStats stats() {
    refreshIfStale();
    return stats;
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
      Binding binding = new Binding(registry, RuntimeMeters.register(registry, this, log), new HashMap<>());
      bindings.add(binding);
      int index = bindings.size() - 1;
      forEachSeries(series -> {
        series.meters = Arrays.copyOf(series.meters, bindings.size());
        series.meters[index] = register(series, binding);
      });
    } finally {
      lock.unlock();
    }
  }

  /** Removes every meter this set registered and stops listening; idempotent. */
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
      removedRecorders.clear();
      for (Binding binding : bindings) {
        binding.runtimeMeters.forEach(meter -> remove(binding.registry, meter));
      }
      bindings.clear();
    } finally {
      lock.unlock();
    }
  }

  /** Takes a fresh snapshot when the memoised one is stale; never throws, never waits for another reader. */
  void refreshIfStale() {
    if (closed || (refreshed && nanoClock.getAsLong() - nextRefreshAt < 0)) {
      return;
    }
    // a meter read while this thread refreshes (a registry reading on registration) uses the old values
    if (lock.isHeldByCurrentThread() || !lock.tryLock()) {
      return;
    }
    try {
      if (!closed && (!refreshed || nanoClock.getAsLong() - nextRefreshAt >= 0)) {
        refreshLocked();
      }
    } catch (RuntimeException e) {
      log.warn("refresh", "refreshing the meters of runtime '" + namespace + "' failed; meters keep their"
          + " last values", e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void recorderRemoved(RuntimeRecorder recorder) {
    String id = recorder.recorderId();
    if (recorders.containsKey(id)) {
      removedRecorders.add(id);
    }
  }

  private void refreshLocked() {
    for (String id : removedRecorders) {
      removedRecorders.remove(id);
      removeRecorder(id);
    }
    RuntimeSnapshot snapshot;
    try {
      snapshot = runtime.snapshot();
    } catch (RuntimeException e) {
      stats = runtime.stats();
      refreshed = true;
      nextRefreshAt = nanoClock.getAsLong() + Math.max(stalenessNanos, FAILURE_BACKOFF_NANOS);
      log.warn("snapshot", "snapshot of runtime '" + namespace + "' failed; meters keep their last values"
          + " until the next attempt", e);
      return;
    }
    apply(snapshot);
    refreshed = true;
    nextRefreshAt = nanoClock.getAsLong() + stalenessNanos;
  }

  private void apply(RuntimeSnapshot snapshot) {
    long current = ++epoch;
    Map<String, Map<String, MetricSnapshot>> live = snapshot.recorders();
    for (String id : recorders.keySet()) {
      if (!live.containsKey(id)) {
        removeRecorder(id);
      }
    }
    live.forEach((id, metrics) -> {
      // ordered maps: when two values map to one meter id, the first in snapshot order keeps it, also when
      // the series are registered again in a registry bound later
      Map<String, Map<Series.Key, Series>> known = recorders.computeIfAbsent(id, k -> new LinkedHashMap<>());
      for (MetricSnapshot metric : metrics.values()) {
        apply(id, metric, known.computeIfAbsent(metric.name(), k -> new LinkedHashMap<>()), current);
      }
    });
    stats = snapshot.stats();
  }

  /**
   * Updates the series of one metric; a metric missing from the snapshot (its snapshot threw) is not
   * passed here, so its meters keep their last values.
   */
  private void apply(String recorderId, MetricSnapshot metric, Map<Series.Key, Series> known, long current) {
    for (MetricValue value : metric.values()) {
      Series.Key key = Series.Key.of(value);
      Series series = known.get(key);
      if (series != null && series.kind != value.kind()) {
        unregister(known.remove(key));
        series = null;
      }
      if (series == null) {
        series = new Series(this, namespace, recorderId, metric, value);
        known.put(key, series);
        series.meters = new Meter[bindings.size()];
        for (int i = 0; i < bindings.size(); i++) {
          series.meters[i] = register(series, bindings.get(i));
        }
      } else {
        series.value = value.value();
      }
      series.epoch = current;
    }
    if (known.size() != metric.values().size()) {
      known.values().removeIf(series -> {
        if (series.epoch != current) {
          unregister(series);
          return true;
        }
        return false;
      });
    }
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
   * Registers {@code series} in one registry. Two series can map to one meter id (metric {@code a.b}
   * dimension {@code c} and metric {@code a} dimension {@code b.c} of one recorder): Micrometer then hands
   * the second the first one's meter, so the first series keeps it and the second is logged and skipped.
   */
  private Meter register(Series series, Binding binding) {
    Meter meter;
    try {
      meter = series.register(binding.registry);
    } catch (RuntimeException e) {
      log.warn("register", "could not register " + series.name + series.tags + " in "
          + binding.registry.getClass().getSimpleName() + "; it is not exported there", e);
      return null;
    }
    Series owner = binding.owners.putIfAbsent(meter, series);
    if (owner != null && owner != series) {
      log.warn("collision", series.name + series.tags + " of runtime '" + namespace + "' is the meter of"
          + " another value (" + owner.name + owner.tags + "; names are namespace.metric.dimension): it is"
          + " skipped, the first one keeps the meter", null);
      return null;
    }
    return meter;
  }

  private void unregister(Series series) {
    for (int i = 0; i < series.meters.length; i++) {
      if (series.meters[i] != null) {
        Binding binding = bindings.get(i);
        binding.owners.remove(series.meters[i], series);
        remove(binding.registry, series.meters[i]);
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

  /** A registry this set is bound to, the runtime meters it registered there, and which series owns each meter. */
  private record Binding(MeterRegistry registry, List<Meter> runtimeMeters, Map<Meter, Series> owners) {}
}
