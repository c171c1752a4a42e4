package io.mvx.metrics.engine;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricsException;
import io.mvx.metrics.MetricsRecorderState;
import io.mvx.metrics.OverflowPolicy;
import io.mvx.metrics.RecorderListener;
import io.mvx.metrics.RegistryListener;
import io.mvx.metrics.TraceContextSupplier;
import io.mvx.metrics.snapshot.MetricSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A runtime's recorders, and the one place their state changes.
 *
 * <p><b>In the caller</b>, without waiting for the processing thread: creating (id uniqueness and the
 * recorder limit decided at once), registering a metric, stopping, starting and removing. Each changes the
 * recorder under its monitor (the accept bit, the state, the metric table) and queues a {@link Control} for
 * the processing thread to catch up.
 *
 * <p><b>On the processing thread</b>, its {@link RegistryUpkeep} catches up: {@code onStarting}, the
 * creation-order list that snapshots walk, the registry listeners, the stops waiting for their recorder to
 * drain, and idle expiry. No user code runs while a recorder's monitor is held.
 */
final class RecorderRegistry {

  private final Engine engine;
  private final RegistryUpkeep upkeep;
  private final RecorderSnapshots snapshots;
  private final int maxRecorders;
  private final ConcurrentHashMap<String, DefaultRecorder> byId = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<RegistryListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicInteger registered = new AtomicInteger();
  private final AtomicInteger creations = new AtomicInteger();
  private final RegistryTotals counts = new RegistryTotals();
  private volatile boolean closing;
  /** The settings of the recorder created last, shared by the next one created alike. */
  private volatile RecorderSettings lastSettings;

  RecorderRegistry(Engine engine, int maxRecorders) {
    this.engine = engine;
    this.maxRecorders = maxRecorders;
    this.upkeep = new RegistryUpkeep(engine, this);
    this.snapshots = new RecorderSnapshots(engine, upkeep);
  }

  /** A recorder's metric snapshots: its final ones, or the current ones taken on the processing thread. */
  Map<String, MetricSnapshot> snapshotOf(DefaultRecorder recorder) {
    return snapshots.of(recorder);
  }

  /** The processing thread's side of this registry. */
  RegistryUpkeep upkeep() {
    return upkeep;
  }

  String namespace() {
    return engine.namespace();
  }

  RuntimeLog log() {
    return engine.log();
  }

  // ---- lifecycle calls: any thread, never waiting for the processing thread ----

  /**
   * Creates and registers a running recorder; the processing thread runs its {@code onStarting} before its
   * first event.
   *
   * @throws MetricsException {@code RECORDER_ALREADY_EXISTS}, {@code RECORDER_LIMIT_EXCEEDED},
   *     {@code INVALID_RUNTIME_STATE} (shutting down)
   */
  DefaultRecorder create(String id, int capacity, OverflowPolicy policy, RecorderListener listener,
      TraceContextSupplier traces, long idleTimeoutNanos) {
    if (closing) {
      throw engine.notRunning("createRecorder");
    }
    if (byId.containsKey(id)) {
      throw alreadyExists(id);
    }
    for (;;) {
      int now = registered.get();
      if (now >= maxRecorders) {
        counts.countRefused();
        String message = "'" + id + "': runtime '" + namespace() + "' already holds maxRecorders "
            + maxRecorders + " recorders; remove some or raise maxRecorders";
        log().throttled("recorderLimit", message, null);
        throw new MetricsException(MetricsException.RECORDER_LIMIT_EXCEEDED, message,
            Map.of("recorderId", id, "namespace", namespace(), "maxRecorders", maxRecorders));
      }
      if (registered.compareAndSet(now, now + 1)) {
        break;
      }
    }
    DefaultRecorder recorder = new DefaultRecorder(settings(capacity, policy, listener, traces), id,
        creations.getAndIncrement(), idleTimeoutNanos);
    if (recorder.expiry != null) {
      recorder.expiry.lastActive = engine.now(); // published with the recorder through the control queue
    }
    if (byId.putIfAbsent(id, recorder) != null) {
      registered.decrementAndGet();
      throw alreadyExists(id);
    }
    if (closing) {
      // a shutdown began meanwhile: its stopAll either saw this recorder (and stops it) or did not (take it back)
      if (byId.remove(id, recorder)) {
        registered.decrementAndGet();
      }
      throw engine.notRunning("createRecorder");
    }
    engine.controls().offer(new Control.Attach(recorder));
    log().recorderLifecycle("recorder '" + id + "' created in runtime '" + namespace() + "'");
    return recorder;
  }

  /** Settings for a new recorder: the last ones made when they match (all per-entity recorders share one). */
  private RecorderSettings settings(int capacity, OverflowPolicy policy, RecorderListener listener,
      TraceContextSupplier traces) {
    RecorderSettings last = lastSettings;
    if (last != null && last.sameAs(capacity, policy, listener, traces)) {
      return last;
    }
    RecorderSettings made = new RecorderSettings(this, engine.handoff(), capacity, policy, listener, traces);
    lastSettings = made;
    return made;
  }

  private MetricsException alreadyExists(String id) {
    return new MetricsException(MetricsException.RECORDER_ALREADY_EXISTS,
        "'" + id + "': a recorder of that id already exists in runtime '" + namespace() + "'",
        Map.of("recorderId", id, "namespace", namespace()));
  }

  /** Adds a metric to a running recorder; events registered after this returns reach it. */
  void registerMetric(DefaultRecorder recorder, Metric metric, String name) {
    log().recorderLifecycle("registerMetric " + name + " in recorder '" + recorder.id + "'");
    synchronized (recorder) {
      MetricsRecorderState now = recorder.state;
      if (recorder.removing || (now != MetricsRecorderState.RUNNING && now != MetricsRecorderState.STARTING)) {
        throw invalidState(recorder, "registerMetric", now);
      }
      MetricTable table = recorder.table();
      if (table.contains(name)) {
        throw new MetricsException(MetricsException.METRIC_ALREADY_REGISTERED,
            "'" + name + "': a metric of that name is already registered in recorder '" + recorder.id + "'",
            Map.of("recorderId", recorder.id, "metricName", name));
      }
      recorder.setMetrics(table.plus(metric, name)); // volatile: published before any later event
    }
    if (!listeners.isEmpty()) {
      engine.controls().offer(new Control.MetricAdded(recorder, metric, name));
    }
  }

  /** The registered recorder {@code id}, for stopRecorder and stopAndRemoveRecorder. */
  DefaultRecorder lookup(String id, String operation) {
    DefaultRecorder recorder = byId.get(id);
    if (recorder == null || recorder.removing) {
      throw engine.recorderNotFound(id, operation);
    }
    return recorder;
  }

  /**
   * Leaves the registry at once (the id is free again) and stops; the returned recorder's snapshots wait for
   * its drain.
   */
  DefaultRecorder remove(String id) {
    DefaultRecorder recorder = lookup(id, "stopAndRemoveRecorder");
    synchronized (recorder) {
      if (recorder.removing) {
        throw engine.recorderNotFound(id, "stopAndRemoveRecorder");
      }
      detach(recorder);
    }
    announceDetached(recorder);
    stop(recorder, true);
    return recorder;
  }

  /** Marks a recorder removed and takes it out of the id map; under its monitor. */
  void detach(DefaultRecorder recorder) {
    recorder.removing = true;
    counts.draining(recorder); // before it leaves byId, so the totals always see it
    if (byId.remove(recorder.id, recorder)) {
      registered.decrementAndGet();
    }
    log().recorderLifecycle("recorder '" + recorder.id + "' removed from runtime '" + namespace() + "'");
  }

  /** Tells the registry listeners, in the removing thread and outside the recorder's monitor. */
  void announceDetached(DefaultRecorder recorder) {
    for (RegistryListener listener : listeners) {
      try {
        listener.recorderDetached(recorder);
      } catch (Throwable failure) {
        recorder.countHandlerError();
        log().throttled("registryListener", "registry listener recorderDetached of recorder '" + recorder.id
            + "' in runtime '" + namespace() + "' threw; counted in handlerErrors", failure);
      }
    }
  }

  /**
   * Stops accepting events and queues the stop; the future completes once every event accepted before is
   * processed (a removal also leaves the processing thread's list then).
   */
  CompletableFuture<Void> stop(DefaultRecorder recorder, boolean removal) {
    CompletableFuture<Void> stopped;
    synchronized (recorder) {
      switch (recorder.state) {
        case RUNNING, STARTING -> {
          recorder.closeAccept();
          recorder.state = MetricsRecorderState.STOPPING;
          stopped = recorder.extras().stopped = new CompletableFuture<>();
        }
        case STOPPING -> {
          return recorder.stopped().copy();
        }
        default -> { // STOPPED or FAILURE: only a removal has something left to do
          if (!removal) {
            return CompletableFuture.completedFuture(null);
          }
          stopped = recorder.extras().stopped = new CompletableFuture<>();
        }
      }
    }
    if (engine.onProcessingThread()) {
      upkeep.addPendingStop(recorder); // idle expiry, shutdown, a listener: no need to queue
    } else {
      engine.controls().offer(new Control.Stop(recorder));
    }
    return stopped.copy();
  }


  /**
   * Opens a stopped or failed recorder again; a recorder still stopping starts once its stop has drained.
   */
  CompletableFuture<Void> start(DefaultRecorder recorder) {
    synchronized (recorder) {
      MetricsRecorderState now = recorder.state;
      if (recorder.removing || recorder.hung) {
        return CompletableFuture.failedFuture(invalidState(recorder, "start", now));
      }
      switch (now) {
        case RUNNING, STARTING -> {
          return CompletableFuture.completedFuture(null);
        }
        case STOPPING -> {
          if (recorder.extras().restartAfterStop == null) {
            recorder.extras().restartAfterStop = new CompletableFuture<>();
          }
          return recorder.extras().restartAfterStop.copy();
        }
        default -> {
          open(recorder);
          if (recorder.expiry != null) {
            recorder.expiry.lastActive = engine.now(); // idle from now on; published through the queue
          }
        }
      }
    }
    engine.controls().offer(new Control.Attach(recorder));
    log().recorderLifecycle("recorder '" + recorder.id + "' restarted");
    return CompletableFuture.completedFuture(null);
  }

  /** Opens the recorder for events; under its monitor. */
  static void open(DefaultRecorder recorder) {
    recorder.state = MetricsRecorderState.RUNNING;
    recorder.openEpoch++;
    RecorderExtras extras = recorder.extras;
    if (extras != null) {
      extras.stopped = null;
      extras.finalSnapshots = Map.of();
    }
    recorder.openAccept();
  }

  /** Puts a recorder into FAILURE: it refuses events, its pending ones are counted as rejected when taken. */
  void fail(DefaultRecorder recorder, Map<String, MetricSnapshot> last) {
    synchronized (recorder) {
      recorder.closeAccept();
      if (!recorder.hasFinalState()) {
        recorder.extras().finalSnapshots = last;
      }
      recorder.state = MetricsRecorderState.FAILURE;
    }
  }

  /** Fails a stop that can never complete: the runtime ended before the recorder drained. */
  void failStop(DefaultRecorder recorder, MetricsException runtimeEnded) {
    CompletableFuture<Void> stopped;
    synchronized (recorder) {
      stopped = recorder.stopped();
    }
    if (stopped != null) {
      stopped.completeExceptionally(new MetricsException(MetricsException.RECORDER_STOP_ERROR,
          "recorder '" + recorder.id + "' could not be drained and stopped: " + runtimeEnded.getMessage(),
          Map.of("recorderId", recorder.id), runtimeEnded));
    }
  }

  // ---- any thread: reads ----

  DefaultRecorder find(String id) {
    return byId.get(id);
  }

  /** Ids in creation order. */
  List<String> ids() {
    List<DefaultRecorder> recorders = new ArrayList<>(byId.values());
    recorders.sort(Comparator.comparingInt(recorder -> recorder.creationIndex));
    List<String> ids = new ArrayList<>(recorders.size());
    recorders.forEach(recorder -> ids.add(recorder.id));
    return List.copyOf(ids);
  }

  int size() {
    return byId.size();
  }

  /** Every recorder whose counts are not retired yet: registered and draining. */
  List<DefaultRecorder> live() {
    return counts.live(byId.values());
  }

  /** Accepted, processed, handler errors and pending over removed, draining and registered recorders. */
  Totals totals() {
    return counts.sum(byId.values());
  }

  /** The runtime-wide counts: drops, rejections, refusals, expiries, and the retired recorders' totals. */
  RegistryTotals counts() {
    return counts;
  }

  /** The registry listeners, for the processing thread's calls. */
  Iterable<RegistryListener> listeners() {
    return listeners;
  }

  void addListener(RegistryListener listener) {
    listeners.addIfAbsent(listener);
  }

  void removeListener(RegistryListener listener) {
    listeners.remove(listener);
  }

  /** Refuses new recorders: the runtime shuts down. */
  void close() {
    closing = true;
  }

  /** Starts stopping and removing every registered recorder (shutdown). */
  void stopAll() {
    closing = true;
    for (DefaultRecorder recorder : new ArrayList<>(byId.values())) {
      synchronized (recorder) {
        if (recorder.removing) {
          continue;
        }
        detach(recorder);
      }
      announceDetached(recorder);
      stop(recorder, true);
    }
  }

  MetricsException invalidState(DefaultRecorder recorder, String operation, MetricsRecorderState now) {
    boolean removed = recorder.removing;
    return new MetricsException(MetricsException.INVALID_RECORDER_STATE,
        operation + ": recorder '" + recorder.id + "' is " + (removed ? "removed" : recorder.hung ? "hung" : now)
            + ", expected " + ("start".equals(operation) ? "STOPPED or FAILURE" : "RUNNING"),
        Map.of("recorderId", recorder.id, "recorderState", now, "removed", removed, "operation", operation));
  }
}
