package io.mvx.metrics;

import io.mvx.metrics.internal.Checks;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.RecorderStats;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The recorder a {@link MetricsRuntime} creates. It owns no thread and no buffer: its events go into the
 * runtime's shared {@link EventRing}, and a per-recorder count bounds how many may wait there.
 *
 * <p>{@code acceptWord} holds the accepted count, with the sign bit set while the recorder does not
 * accept events. A producer accepts an event with one CAS that checks both the bit and the capacity, so
 * once a stop has set the bit no event can slip in, and the stop completes when {@code processed} has
 * caught up with the frozen count.
 */
final class DefaultRecorder extends RecorderConsumerSide implements RuntimeRecorder {

  private static final long CLOSED = Long.MIN_VALUE;
  private static final VarHandle ACCEPT;
  private static final VarHandle DROPPED;
  private static final VarHandle REJECTED;
  private static final VarHandle PROCESSED;
  private static final VarHandle HANDLER_ERRORS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      ACCEPT = lookup.findVarHandle(RecorderProducerSide.class, "acceptWord", long.class);
      DROPPED = lookup.findVarHandle(RecorderProducerSide.class, "dropped", long.class);
      REJECTED = lookup.findVarHandle(RecorderProducerSide.class, "rejected", long.class);
      PROCESSED = lookup.findVarHandle(RecorderConsumerSide.class, "processed", long.class);
      HANDLER_ERRORS = lookup.findVarHandle(RecorderConsumerSide.class, "handlerErrors", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Engine engine;
  private final String id;
  private final long creationIndex;
  private final RecorderListener listener;

  private volatile MetricsRecorderState state = MetricsRecorderState.STARTING;
  private volatile MetricTable table = MetricTable.EMPTY;
  private volatile Map<String, MetricSnapshot> finalSnapshots = Map.of();

  // processing thread only
  private long processedCount;
  private boolean registered;
  /** The runtime's creation-order list of registered recorders. */
  DefaultRecorder previous;
  DefaultRecorder next;
  private boolean removing;
  private List<CompletableFuture<Void>> stopWaiters;

  DefaultRecorder(Engine engine, String id, long creationIndex, int capacity,
      OverflowPolicy overflowPolicy, RecorderListener listener) {
    super(engine.ring(), capacity, overflowPolicy);
    this.engine = engine;
    this.id = id;
    this.creationIndex = creationIndex;
    this.listener = listener;
    this.acceptWord = CLOSED;
  }

  // ---- producer side: any thread ----

  @Override
  public void registerEvent(MetricEvent event) {
    Objects.requireNonNull(event, "event");
    // one unconditional atomic add instead of a compare-and-set loop, which retries under contention; a
    // refused event takes its add back (the stop and full checks see at most a transient over-count)
    long word = (long) ACCEPT.getAndAdd(this, 1L);
    if (word < 0) {
      ACCEPT.getAndAdd(this, -1L);
      ring.wakeConsumer(); // a stop may be waiting for the count to settle
      reject();
      return;
    }
    if (word - processedSeen >= capacity) {
      long processedNow = processed;
      processedSeen = processedNow;
      if (word - processedNow >= capacity) {
        ACCEPT.getAndAdd(this, -1L);
        ring.wakeConsumer();
        overflow();
        return;
      }
    }
    int offered = ring.offer(this, event);
    if (offered != EventRing.OK) {
      ACCEPT.getAndAdd(this, -1L);
      ring.wakeConsumer(); // a stop may be waiting for this event
      if (offered == EventRing.FULL) {
        overflow();
      } else {
        reject();
      }
    }
  }

  private void reject() {
    REJECTED.getAndAdd(this, 1L);
    if (!rejectionLogged) {
      rejectionLogged = true;
      engine.log().throttled("rejected", "recorder '" + id + "' of runtime '" + engine.namespace()
          + "' is " + state + ": events are rejected and counted", null);
    }
  }

  private void overflow() {
    DROPPED.getAndAdd(this, 1L);
    if (overflowPolicy == OverflowPolicy.RAISE_ERROR) {
      throw new MetricsException(MetricsException.QUEUE_OVERFLOW,
          "queue of recorder '" + id + "' is full (queueCapacity " + capacity + "): event dropped",
          Map.of("recorderId", id, "queueCapacity", capacity));
    }
  }

  @Override
  public RecorderStats stats() {
    long processedNow = processed;
    long accepted = acceptWord & ~CLOSED;
    return new RecorderStats(accepted, dropped, rejected, processedNow, handlerErrors,
        Math.max(0, accepted - processedNow));
  }

  /** Adds this recorder's counts to {@code sums} (accepted, dropped, rejected, processed, errors, pending). */
  void addStatsTo(long[] sums) {
    long processedNow = processed;
    long accepted = acceptWord & ~CLOSED;
    sums[0] += accepted;
    sums[1] += dropped;
    sums[2] += rejected;
    sums[3] += processedNow;
    sums[4] += handlerErrors;
    sums[5] += Math.max(0, accepted - processedNow);
  }

  /**
   * The counts of a drained, stopped recorder, for the runtime's totals once it is removed. Every accepted
   * event is processed by then, so {@code processed} is the exact accepted count; the accept word may for a
   * moment still hold the add of a racing call that is about to take it back and count a rejection.
   */
  RecorderStats finalStats() {
    long processedNow = processed;
    return new RecorderStats(processedNow, dropped, rejected, processedNow, handlerErrors, 0);
  }

  @Override
  public String recorderId() {
    return id;
  }

  long creationIndex() {
    return creationIndex;
  }

  @Override
  public MetricsRecorderState getStatus() {
    return state;
  }

  @Override
  public List<Metric> metrics() {
    return table.asList();
  }

  @Override
  public void registerMetric(Metric metric) {
    Objects.requireNonNull(metric, "metric");
    String name = Checks.metricName(metric.metricName(), "metricName");
    engine.log().recorderLifecycle("registerMetric " + name + " in recorder '" + id + "'");
    engine.submit(new Command<Void>("registerMetric") {
      @Override
      void execute() {
        addMetric(metric, name);
        complete(null);
      }
    });
  }

  @Override
  public Map<String, MetricSnapshot> getMetricSnapshots() {
    engine.log().inspection("getMetricSnapshots of recorder '" + id + "'");
    if (hasFinalState()) {
      return finalSnapshots;
    }
    try {
      return engine.submit(new Command<Map<String, MetricSnapshot>>("getMetricSnapshots") {
        @Override
        void execute() {
          complete(currentSnapshots());
        }
      });
    } catch (MetricsException e) {
      if (hasFinalState()) {
        return finalSnapshots; // stopped while the call was on its way
      }
      throw e;
    }
  }

  @Override
  public CompletableFuture<Void> start() {
    if (state == MetricsRecorderState.RUNNING) {
      return CompletableFuture.completedFuture(null);
    }
    return engine.enqueue(new Command<Void>("start") {
      @Override
      void execute() {
        restart(this);
      }
    });
  }

  @Override
  public CompletableFuture<Void> stop() {
    if (state == MetricsRecorderState.STOPPED) {
      return CompletableFuture.completedFuture(null);
    }
    return engine.enqueue(new Command.Stop<Void>("stop", id) {
      @Override
      void execute() {
        requestStop(this);
      }
    });
  }

  @Override
  public String toString() {
    return "RuntimeRecorder{id=" + id + ", namespace=" + engine.namespace() + ", state=" + state + "}";
  }

  private boolean hasFinalState() {
    MetricsRecorderState now = state;
    return now == MetricsRecorderState.STOPPED || now == MetricsRecorderState.FAILURE;
  }

  // ---- processing thread only ----

  /** Delivers one event to every metric in registration order; throwing code is isolated. */
  void deliver(MetricEvent event) {
    MetricTable metrics = table;
    for (int i = 0, size = metrics.size(); i < size; i++) {
      Metric metric = metrics.metric(i);
      boolean changed;
      try {
        changed = metric.handleEvent(event);
      } catch (Throwable failure) {
        handlerError("handleEvent", "metric " + metrics.name(i), failure);
        continue;
      }
      if (changed && listener != null) {
        try {
          listener.onMetricChanged(id, metric, event);
        } catch (Throwable failure) {
          handlerError("listener", "listener onMetricChanged", failure);
        }
      }
    }
    PROCESSED.setRelease(this, ++processedCount); // no full fence per event
  }

  /** Snapshots of every metric now; a metric whose snapshot throws is left out and counted. */
  Map<String, MetricSnapshot> currentSnapshots() {
    if (hasFinalState()) {
      return finalSnapshots;
    }
    MetricTable metrics = table;
    if (metrics.size() == 0) {
      return Map.of();
    }
    Map<String, MetricSnapshot> snapshots = new LinkedHashMap<>(metrics.size() * 2);
    for (int i = 0; i < metrics.size(); i++) {
      String name = metrics.name(i);
      try {
        MetricSnapshot snapshot = metrics.metric(i).snapshot();
        snapshots.put(name, Objects.requireNonNull(snapshot, "snapshot() returned null"));
      } catch (Throwable failure) {
        handlerError("snapshot", "snapshot of metric " + name, failure);
      }
    }
    return Collections.unmodifiableMap(snapshots);
  }

  void handlerError(String kind, String what, Throwable failure) {
    HANDLER_ERRORS.setRelease(this, handlerErrors + 1); // single writer: the processing thread
    engine.log().throttled(kind, what + " in recorder '" + id + "' of runtime '" + engine.namespace()
        + "' threw; counted in handlerErrors, processing continues", failure);
  }

  private void addMetric(Metric metric, String name) {
    MetricsRecorderState now = state;
    if (removing || (now != MetricsRecorderState.RUNNING && now != MetricsRecorderState.STARTING)) {
      throw invalidState("registerMetric", now);
    }
    if (table.contains(name)) {
      throw new MetricsException(MetricsException.METRIC_ALREADY_REGISTERED,
          "'" + name + "': a metric of that name is already registered in recorder '" + id + "'",
          Map.of("recorderId", id, "metricName", name));
    }
    table = table.plus(metric, name);
    if (registered) {
      engine.metricRegistered(this, metric);
    }
  }

  /**
   * Runs {@code onStarting} and opens the recorder for events.
   *
   * @throws MetricsException {@code RECORDER_STARTUP_ERROR} when {@code onStarting} throws
   */
  void open() {
    state = MetricsRecorderState.STARTING;
    if (listener != null) {
      try {
        listener.onStarting(id);
      } catch (Throwable failure) {
        state = MetricsRecorderState.FAILURE;
        handlerError("listener", "listener onStarting", failure);
        throw new MetricsException(MetricsException.RECORDER_STARTUP_ERROR,
            "onStarting of recorder '" + id + "' threw: " + failure, Map.of("recorderId", id), failure);
      }
    }
    ACCEPT.getAndBitwiseAnd(this, ~CLOSED);
    state = MetricsRecorderState.RUNNING;
  }

  private void restart(Command<Void> command) {
    MetricsRecorderState now = state;
    if (now == MetricsRecorderState.RUNNING) {
      command.complete(null);
    } else if (!registered || removing || now == MetricsRecorderState.STOPPING) {
      throw invalidState("start", now);
    } else {
      open();
      engine.log().recorderLifecycle("recorder '" + id + "' restarted");
      command.complete(null);
    }
  }

  /** Starts a stop (if running) and completes {@code waiter} once drained and stopped. */
  void requestStop(CompletableFuture<Void> waiter) {
    switch (state) {
      case RUNNING -> {
        ACCEPT.getAndBitwiseOr(this, CLOSED);
        state = MetricsRecorderState.STOPPING;
        addStopWaiter(waiter);
        engine.stopping(this);
      }
      case STOPPING -> addStopWaiter(waiter);
      default -> {
        if (removing) {
          engine.removed(this);
        }
        waiter.complete(null);
      }
    }
  }

  void markRemoving() {
    removing = true;
  }

  boolean isRemoving() {
    return removing;
  }

  void markRegistered() {
    registered = true;
  }

  void markUnregistered() {
    registered = false;
  }

  boolean isRegistered() {
    return registered;
  }

  /** True once every accepted event has been processed; meaningful while stopping. */
  boolean drained() {
    return processedCount == ((long) ACCEPT.getVolatile(this) & ~CLOSED);
  }

  /** Completes a stop once drained: onStopped, final snapshots, STOPPED, waiters, removal. */
  void finishStop() {
    if (listener != null) {
      try {
        listener.onStopped(id);
      } catch (Throwable failure) {
        handlerError("listener", "listener onStopped", failure);
      }
    }
    finalSnapshots = currentSnapshots();
    state = MetricsRecorderState.STOPPED;
    engine.log().recorderLifecycle("recorder '" + id + "' stopped");
    if (removing) {
      engine.removed(this);
    }
    List<CompletableFuture<Void>> waiters = stopWaiters;
    stopWaiters = null;
    if (waiters != null) {
      waiters.forEach(waiter -> waiter.complete(null));
    }
  }

  /** Fails every stop waiter: the runtime ended before this recorder drained. */
  void failStop(MetricsException failure) {
    List<CompletableFuture<Void>> waiters = stopWaiters;
    stopWaiters = null;
    if (waiters != null) {
      waiters.forEach(waiter -> waiter.completeExceptionally(failure));
    }
  }

  /** Refuses new events; safe from any thread (used when a runtime is aborted). */
  void closeAcceptance() {
    ACCEPT.getAndBitwiseOr(this, CLOSED);
  }

  private void addStopWaiter(CompletableFuture<Void> waiter) {
    if (stopWaiters == null) {
      stopWaiters = new ArrayList<>(2);
    }
    stopWaiters.add(waiter);
  }

  private MetricsException invalidState(String operation, MetricsRecorderState now) {
    return new MetricsException(MetricsException.INVALID_RECORDER_STATE,
        operation + ": recorder '" + id + "' is " + (removing || !registered ? "removed" : now)
            + ", expected " + ("start".equals(operation) ? "STOPPED or FAILURE" : "RUNNING"),
        Map.of("recorderId", id, "recorderState", now, "removed", removing || !registered,
            "operation", operation));
  }
}
