package io.mvx.metrics.engine;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricsException;
import io.mvx.metrics.MetricsRecorderState;
import io.mvx.metrics.OverflowPolicy;
import io.mvx.metrics.RecorderListener;
import io.mvx.metrics.RegistryListener;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A runtime's recorders, and the one place their state changes.
 *
 * <p><b>In the caller</b>, without waiting for the processing thread: creating (id uniqueness and the
 * recorder limit decided at once), registering a metric, stopping, starting and removing. Each changes the
 * recorder under its monitor (the accept bit, the state, the metric table) and queues a {@link Control} for
 * the processing thread to catch up.
 *
 * <p><b>On the processing thread</b>: running {@code onStarting} (on the recorder's first event or its
 * {@link Control.Attach}, whichever comes first), the creation-order list that snapshots walk, the registry
 * listeners, the stops waiting for their recorder to drain, idle expiry, and the totals of recorders already
 * removed. No user code runs while a recorder's monitor is held.
 */
final class RecorderRegistry {

  private final Engine engine;
  private final int maxRecorders;
  private final ConcurrentHashMap<String, DefaultRecorder> byId = new ConcurrentHashMap<>();
  /** Removed recorders still draining: their counts belong to the runtime's totals until they are retired. */
  private final Map<DefaultRecorder, Boolean> draining = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<RegistryListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicInteger registered = new AtomicInteger();
  private final AtomicInteger creations = new AtomicInteger();
  private final LongAdder refused = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  /** The totals of removed recorders; replaced as a whole by the processing thread. */
  private volatile Totals retired = new Totals();
  private volatile long expired;
  private volatile boolean closing;

  // ---- processing thread only ----
  /** Attached recorders in creation order, linked through the recorders (no map entry per recorder). */
  private final CreationOrder order = new CreationOrder();
  private final List<DefaultRecorder> pendingStops = new ArrayList<>();
  private final ExpiryQueue expiry = new ExpiryQueue();

  RecorderRegistry(Engine engine, int maxRecorders) {
    this.engine = engine;
    this.maxRecorders = maxRecorders;
  }

  String namespace() {
    return engine.namespace();
  }

  RuntimeLog log() {
    return engine.log();
  }

  void countDropped() {
    dropped.increment();
  }

  void countRejected() {
    rejected.increment();
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
      long idleTimeoutNanos) {
    if (closing) {
      throw engine.notRunning("createRecorder");
    }
    if (byId.containsKey(id)) {
      throw alreadyExists(id);
    }
    for (;;) {
      int now = registered.get();
      if (now >= maxRecorders) {
        refused.increment();
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
    DefaultRecorder recorder = new DefaultRecorder(this, engine.handoff(), id, creations.getAndIncrement(),
        capacity, policy, listener, idleTimeoutNanos);
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
      if (recorder.table.contains(name)) {
        throw new MetricsException(MetricsException.METRIC_ALREADY_REGISTERED,
            "'" + name + "': a metric of that name is already registered in recorder '" + recorder.id + "'",
            Map.of("recorderId", recorder.id, "metricName", name));
      }
      recorder.table = recorder.table.plus(metric, name); // volatile: published before any later event
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
  private void detach(DefaultRecorder recorder) {
    recorder.removing = true;
    draining.put(recorder, Boolean.TRUE); // before it leaves byId, so the totals always see it
    if (byId.remove(recorder.id, recorder)) {
      registered.decrementAndGet();
    }
    log().recorderLifecycle("recorder '" + recorder.id + "' removed from runtime '" + namespace() + "'");
  }

  /** Tells the registry listeners, in the removing thread and outside the recorder's monitor. */
  private void announceDetached(DefaultRecorder recorder) {
    for (RegistryListener listener : listeners) {
      try {
        listener.recorderDetached(recorder);
      } catch (Throwable failure) {
        RecorderCounters.HANDLER_ERRORS.getAndAdd(recorder, 1L); // any thread: not the single-writer path
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
          RecorderCounters.ACCEPT.getAndBitwiseOr(recorder, RecorderCounters.CLOSED);
          recorder.state = MetricsRecorderState.STOPPING;
          stopped = recorder.stopped = new CompletableFuture<>();
        }
        case STOPPING -> {
          return recorder.stopped.copy();
        }
        default -> { // STOPPED or FAILURE: only a removal has something left to do
          if (!removal) {
            return CompletableFuture.completedFuture(null);
          }
          stopped = recorder.stopped = new CompletableFuture<>();
        }
      }
    }
    if (engine.onProcessingThread()) {
      addPendingStop(recorder); // idle expiry, shutdown, a listener: no need to queue
    } else {
      engine.controls().offer(new Control.Stop(recorder));
    }
    return stopped.copy();
  }

  private void addPendingStop(DefaultRecorder recorder) {
    if (!recorder.stopPending) {
      recorder.stopPending = true;
      pendingStops.add(recorder);
    }
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
          if (recorder.restartAfterStop == null) {
            recorder.restartAfterStop = new CompletableFuture<>();
          }
          return recorder.restartAfterStop.copy();
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
  private static void open(DefaultRecorder recorder) {
    recorder.state = MetricsRecorderState.RUNNING;
    recorder.openEpoch++;
    recorder.stopped = null;
    recorder.finalSnapshots = Map.of();
    RecorderCounters.ACCEPT.getAndBitwiseAnd(recorder, ~RecorderCounters.CLOSED);
  }

  /** A recorder's metric snapshots: its final ones, or the current ones taken on the processing thread. */
  Map<String, MetricSnapshot> snapshotOf(DefaultRecorder recorder) {
    log().inspection("getMetricSnapshots of recorder '" + recorder.id + "'");
    CompletableFuture<Void> stopping;
    synchronized (recorder) {
      stopping = recorder.state == MetricsRecorderState.STOPPING ? recorder.stopped : null;
    }
    if (stopping != null) {
      await(stopping, "getMetricSnapshots"); // its final snapshot holds every event accepted before the stop
    }
    if (recorder.hasFinalState()) {
      return recorder.finalSnapshots;
    }
    if (engine.onProcessingThread()) {
      return currentSnapshots(recorder, engine.currentLoop());
    }
    Control.RecorderSnapshotRequest request = new Control.RecorderSnapshotRequest(recorder);
    engine.controls().offer(request);
    try {
      return await(request, "getMetricSnapshots");
    } catch (MetricsException e) {
      if (recorder.hasFinalState()) {
        return recorder.finalSnapshots; // stopped or failed while the request was on its way
      }
      throw e;
    }
  }

  private <T> T await(CompletableFuture<T> future, String operation) {
    Duration timeout = engine.operationTimeout();
    try {
      return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      throw new MetricsException(MetricsException.OPERATION_TIMEOUT, operation + " on runtime '" + namespace()
          + "' did not complete within operationTimeout " + timeout,
          Map.of("namespace", namespace(), "operation", operation, "timeout", timeout));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MetricsException(MetricsException.OPERATION_TIMEOUT,
          operation + " on runtime '" + namespace() + "' was interrupted while waiting",
          Map.of("namespace", namespace(), "operation", operation), e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Fails a stop that can never complete: the runtime ended before the recorder drained. */
  void failStop(DefaultRecorder recorder, MetricsException runtimeEnded) {
    CompletableFuture<Void> stopped;
    synchronized (recorder) {
      stopped = recorder.stopped;
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
  Iterable<DefaultRecorder> live() {
    List<DefaultRecorder> all = new ArrayList<>(byId.values());
    all.addAll(draining.keySet());
    return all;
  }

  /** Accepted, processed, handler errors and pending over removed, draining and registered recorders. */
  Totals totals() {
    Totals totals = retired.copy();
    for (DefaultRecorder recorder : draining.keySet()) {
      recorder.addTo(totals);
    }
    for (DefaultRecorder recorder : byId.values()) {
      recorder.addTo(totals);
    }
    return totals;
  }

  long dropped() {
    return dropped.sum();
  }

  long rejected() {
    return rejected.sum();
  }

  long expired() {
    return expired;
  }

  long refused() {
    return refused.sum();
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

  // ---- the processing thread ----

  /** Runs one control on the processing thread. */
  void run(Control control, ProcessingLoop loop) {
    if (control instanceof Control.Attach attach) {
      attach(attach.recorder(), loop);
    } else if (control instanceof Control.MetricAdded added) {
      metricAdded(added, loop);
    } else if (control instanceof Control.Stop stop) {
      DefaultRecorder recorder = stop.recorder();
      if (!recorder.stopPending && recorder.pendingNow() <= 0) {
        finishStop(recorder, loop); // drained already (the batch took every event first): finish in order
      } else {
        addPendingStop(recorder);
      }
    } else if (control instanceof Control.RecorderSnapshotRequest request) {
      DefaultRecorder recorder = request.recorder;
      request.complete(recorder.hasFinalState() ? recorder.finalSnapshots : currentSnapshots(recorder, loop));
    } else if (control instanceof Control.Shutdown) {
      loop.beginShutdown();
    }
  }

  /**
   * Called when the processing thread meets a recorder's events: attaches it if it has not been yet.
   *
   * @return true when its events are to be delivered, false when they are to be counted as rejected
   *     (the recorder failed)
   */
  boolean prepareRun(DefaultRecorder recorder) {
    if (recorder.attachedEpoch != recorder.openEpoch) {
      attach(recorder, engine.currentLoop());
    }
    return !recorder.failed();
  }

  /** Runs {@code onStarting} of the recorder's current start once, links it and announces it. */
  private void attach(DefaultRecorder recorder, ProcessingLoop loop) {
    int epoch = recorder.openEpoch;
    if (recorder.attachedEpoch == epoch || recorder.hung) {
      return;
    }
    boolean first = recorder.attachedEpoch == 0;
    recorder.attachedEpoch = epoch;
    if (first) {
      order.link(recorder); // also when already removed: its listeners hear of it, and of its removal
    }
    RecorderListener listener = recorder.listener;
    if (listener != null && !loop.call(recorder, "listener onStarting", () -> listener.onStarting(recorder.id))) {
      fail(recorder, recorder.hung ? Map.of() : currentSnapshots(recorder, loop));
      return;
    }
    if (recorder.expiry != null) {
      expiry.schedule(recorder.expiry); // idle since its creation or its restart (set by the caller)
    }
    if (first && recorder.linked) {
      for (RegistryListener registryListener : listeners) {
        loop.call(recorder, "registry listener recorderCreated", () -> registryListener.recorderCreated(recorder));
      }
    }
  }

  /** Puts a recorder into FAILURE: it refuses events, its pending ones are counted as rejected when taken. */
  void fail(DefaultRecorder recorder, Map<String, MetricSnapshot> last) {
    synchronized (recorder) {
      RecorderCounters.ACCEPT.getAndBitwiseOr(recorder, RecorderCounters.CLOSED);
      if (!recorder.hasFinalState()) {
        recorder.finalSnapshots = last;
      }
      recorder.state = MetricsRecorderState.FAILURE;
    }
  }

  private void metricAdded(Control.MetricAdded added, ProcessingLoop loop) {
    DefaultRecorder recorder = added.recorder();
    if (!recorder.linked || recorder.removing || recorder.hasFinalState()) {
      // adapters see it at their next collection, if it is still there; a recorder already detached is not
      // announced again (its id may be in use by a new recorder by now)
      return;
    }
    MetricSnapshot snapshot = loop.snapshot(recorder, added.metric(), added.name());
    if (snapshot == null) {
      return; // counted in handlerErrors
    }
    for (RegistryListener registryListener : listeners) {
      loop.call(recorder, "registry listener metricRegistered",
          () -> registryListener.metricRegistered(recorder, snapshot));
    }
  }

  /** Counts a run of a recorder's events taken from a lane: processed, or moved to rejected. */
  void ranEvents(DefaultRecorder recorder, long count, boolean discarded, long now) {
    if (discarded) {
      // a failed recorder's events were accepted before it failed: they leave accepted for rejected
      RecorderCounters.ACCEPT.getAndAdd(recorder, -count);
      RecorderCounters.REJECTED.getAndAdd(recorder, count);
      rejected.add(count);
      return;
    }
    if (recorder.expiry != null) {
      recorder.expiry.lastActive = now;
    }
    RecorderCounters.PROCESSED.setRelease(recorder, recorder.processed + count); // single writer
  }

  /** Counts and logs an exception thrown by the recorder's code. */
  void handlerError(DefaultRecorder recorder, String kind, String what, Throwable failure) {
    RecorderCounters.HANDLER_ERRORS.setRelease(recorder, recorder.handlerErrors + 1); // single writer
    log().throttled(kind, what + " in recorder '" + recorder.id + "' of runtime '" + namespace()
        + "' threw; counted in handlerErrors, processing continues", failure);
  }

  /** Snapshots of every metric of the recorder now; a metric whose snapshot throws is left out and counted. */
  Map<String, MetricSnapshot> currentSnapshots(DefaultRecorder recorder, ProcessingLoop loop) {
    MetricTable metrics = recorder.table;
    if (metrics.size() == 0) {
      return Map.of();
    }
    Map<String, MetricSnapshot> snapshots = new LinkedHashMap<>(metrics.size() * 2);
    for (int i = 0; i < metrics.size(); i++) {
      String name = metrics.name(i);
      MetricSnapshot snapshot = loop.snapshot(recorder, metrics.metric(i), name);
      if (snapshot != null) {
        snapshots.put(name, snapshot);
      }
    }
    return Collections.unmodifiableMap(snapshots);
  }

  /** Every registered recorder's snapshots in creation order; removed recorders are left out at once. */
  RuntimeSnapshot snapshotAll(ProcessingLoop loop, Engine.StatsSource stats) {
    RuntimeSnapshot.Builder builder = RuntimeSnapshot.builder(namespace(), order.size());
    for (DefaultRecorder recorder = order.first(); recorder != null; recorder = recorder.next) {
      if (!recorder.removing) {
        builder.recorder(recorder.id,
            recorder.hasFinalState() ? recorder.finalSnapshots : currentSnapshots(recorder, loop));
      }
    }
    return builder.build(stats.stats());
  }

  boolean hasPendingStops() {
    return !pendingStops.isEmpty();
  }

  boolean isEmpty() {
    return order.first() == null;
  }

  /**
   * Completes the stops whose recorder has processed every accepted event, in one pass over the waiting
   * stops (a shutdown of a million recorders waits for a million stops at once). A recorder leaves the list
   * only after its stop is complete, so a loop that takes over after a hung listener finishes it again.
   */
  void finishDrainedStops(ProcessingLoop loop) {
    boolean finished = false;
    for (int i = 0; i < pendingStops.size(); i++) { // listeners may add stops: they are seen in this pass
      DefaultRecorder recorder = pendingStops.get(i);
      if (recorder != null && recorder.pendingNow() <= 0) {
        finishStop(recorder, loop);
        recorder.stopPending = false;
        pendingStops.set(i, null);
        finished = true;
      }
    }
    if (finished) {
      pendingStops.removeIf(recorder -> recorder == null);
    }
  }

  /** Completes a drained stop: onStopped, final snapshots, STOPPED, removal, the waiters, a restart. */
  private void finishStop(DefaultRecorder recorder, ProcessingLoop loop) {
    if (recorder.state == MetricsRecorderState.STOPPING && !recorder.hung) {
      RecorderListener listener = recorder.listener;
      if (listener != null) {
        loop.call(recorder, "listener onStopped", () -> listener.onStopped(recorder.id));
      }
      Map<String, MetricSnapshot> last = currentSnapshots(recorder, loop);
      synchronized (recorder) {
        if (recorder.state == MetricsRecorderState.STOPPING) {
          recorder.finalSnapshots = last;
          recorder.state = MetricsRecorderState.STOPPED;
        }
      }
      log().recorderLifecycle("recorder '" + recorder.id + "' stopped");
    }
    if (recorder.removing && !recorder.retired) {
      boolean announced = recorder.linked;
      order.unlink(recorder);
      if (announced) {
        for (RegistryListener registryListener : listeners) {
          loop.call(recorder, "registry listener recorderRemoved", () -> registryListener.recorderRemoved(recorder));
        }
      }
      Totals totals = retired.copy();
      recorder.addFinalTo(totals); // after the listeners: their errors count too
      recorder.retired = true;
      retired = totals;
      draining.remove(recorder);
    }
    CompletableFuture<Void> stopped;
    CompletableFuture<Void> restart;
    synchronized (recorder) {
      stopped = recorder.stopped;
      restart = recorder.restartAfterStop;
      recorder.restartAfterStop = null;
      if (restart != null && !recorder.removing && !recorder.hung) {
        open(recorder);
        if (recorder.expiry != null) {
          recorder.expiry.lastActive = engine.now();
        }
      }
    }
    if (stopped != null) {
      stopped.complete(null);
    }
    if (restart != null) {
      if (recorder.removing || recorder.hung) {
        restart.completeExceptionally(invalidState(recorder, "start", recorder.state));
      } else {
        attach(recorder, loop);
        restart.complete(null);
      }
    }
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

  /** Fails every stop still waiting: the runtime ends. */
  void failPendingStops(MetricsException failure) {
    for (DefaultRecorder recorder : pendingStops) {
      if (recorder != null) {
        failStop(recorder, failure);
      }
    }
    pendingStops.clear();
  }

  // ---- idle expiry, processing thread ----

  long nextExpiryCheck() {
    return expiry.nextCheck();
  }

  boolean expiryDue(long now) {
    return expiry.due(now);
  }

  /**
   * Stops and removes the recorders that have taken no event for their idle timeout. A recorder with accepted
   * events still waiting is active, not idle: it is checked again a timeout later.
   */
  void expireIdle(long now) {
    expiry.expire(now, recorder -> !recorder.removing && recorder.state == MetricsRecorderState.RUNNING,
        DefaultRecorder::pendingNow, recorder -> {
          synchronized (recorder) {
            if (recorder.removing) {
              return;
            }
            detach(recorder);
          }
          announceDetached(recorder);
          expired++; // single writer
          log().recorderLifecycle("recorder '" + recorder.id + "' of runtime '" + namespace()
              + "' took no event for " + Duration.ofNanos(recorder.expiry.timeoutNanos) + ": expired");
          stop(recorder, true);
        });
  }

  private MetricsException invalidState(DefaultRecorder recorder, String operation, MetricsRecorderState now) {
    boolean removed = recorder.removing;
    return new MetricsException(MetricsException.INVALID_RECORDER_STATE,
        operation + ": recorder '" + recorder.id + "' is " + (removed ? "removed" : recorder.hung ? "hung" : now)
            + ", expected " + ("start".equals(operation) ? "STOPPED or FAILURE" : "RUNNING"),
        Map.of("recorderId", recorder.id, "recorderState", now, "removed", removed, "operation", operation));
  }
}
