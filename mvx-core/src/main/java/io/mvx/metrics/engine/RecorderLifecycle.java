package io.mvx.metrics.engine;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.MetricsException;
import io.mvx.metrics.MetricsRecorderState;
import io.mvx.metrics.OverflowPolicy;
import io.mvx.metrics.RecorderListener;
import io.mvx.metrics.snapshot.MetricSnapshot;
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
 * The processing thread's side of a recorder: delivering events to its metrics, building its snapshots, and
 * the start / stop state machine. Only the processing thread calls these methods.
 *
 * <p>{@code acceptWord} holds the accepted count, with the sign bit set while the recorder does not accept
 * events. A stop sets the bit, so no later event slips in, and completes when {@code processed} has caught
 * up with the frozen count.
 */
abstract class RecorderLifecycle extends RecorderConsumerSide {

  static final long CLOSED = Long.MIN_VALUE;
  static final VarHandle ACCEPT;
  static final VarHandle PROCESSED;
  static final VarHandle HANDLER_ERRORS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      ACCEPT = lookup.findVarHandle(RecorderProducerSide.class, "acceptWord", long.class);
      PROCESSED = lookup.findVarHandle(RecorderConsumerSide.class, "processed", long.class);
      HANDLER_ERRORS = lookup.findVarHandle(RecorderConsumerSide.class, "handlerErrors", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  RecorderLifecycle(Engine engine, String id, int capacity, OverflowPolicy overflowPolicy,
      RecorderListener listener, long idleTimeoutNanos) {
    super(engine, id, capacity, overflowPolicy, listener,
        idleTimeoutNanos > 0 ? new Expiry(idleTimeoutNanos) : null);
    this.acceptWord = CLOSED;
  }

  /** When a recorder with an idle timeout last took an event, and when its idleness is next checked. */
  static final class Expiry {
    final long timeoutNanos;
    /** When the processing thread last took an event of the recorder (ticker nanoseconds). */
    long lastActive;
    /** The check the recorder is queued for, or Long.MIN_VALUE when it is not queued. */
    long deadline = Long.MIN_VALUE;

    Expiry(long timeoutNanos) {
      this.timeoutNanos = timeoutNanos;
    }
  }

  /** The recorder as its users see it. */
  abstract DefaultRecorder self();

  /**
   * Delivers one event to every metric in registration order; throwing code is isolated. The processing
   * thread counts it as processed afterwards, for a whole run of this recorder's events at once
   * ({@link #processed(long, long)}).
   */
  final void deliver(MetricEvent event) {
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
  }

  /**
   * Counts {@code count} delivered events as processed, once per run of this recorder's events rather than
   * per event, so the processing thread writes the recorder's line (which producers write per event) rarely.
   */
  final void processed(long count, long now) {
    if (expiry != null) {
      expiry.lastActive = now;
    }
    PROCESSED.setRelease(this, processed + count); // single writer; no full fence
  }

  /** Snapshots of every metric now; a metric whose snapshot throws is left out and counted. */
  final Map<String, MetricSnapshot> currentSnapshots() {
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
      MetricSnapshot snapshot = guardedSnapshot(metrics.metric(i), name);
      if (snapshot != null) {
        snapshots.put(name, snapshot);
      }
    }
    return Collections.unmodifiableMap(snapshots);
  }

  /** The metric's snapshot, or null when it threw or returned null (counted in handlerErrors and logged). */
  final MetricSnapshot guardedSnapshot(Metric metric, String name) {
    try {
      return Objects.requireNonNull(metric.snapshot(), "snapshot() returned null");
    } catch (Throwable failure) {
      handlerError("snapshot", "snapshot of metric " + name, failure);
      return null;
    }
  }

  final boolean hasFinalState() {
    MetricsRecorderState now = state;
    return now == MetricsRecorderState.STOPPED || now == MetricsRecorderState.FAILURE;
  }

  final void handlerError(String kind, String what, Throwable failure) {
    HANDLER_ERRORS.setRelease(this, handlerErrors + 1); // single writer: the processing thread
    engine.log().throttled(kind, what + " in recorder '" + id + "' of runtime '" + engine.namespace()
        + "' threw; counted in handlerErrors, processing continues", failure);
  }

  final void addMetric(Metric metric, String name) {
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
      engine.registry().metricRegistered(self(), metric, name);
    }
  }

  /**
   * Runs {@code onStarting} and opens the recorder for events.
   *
   * @throws MetricsException {@code RECORDER_STARTUP_ERROR} when {@code onStarting} throws
   */
  final void open() {
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
    if (expiry != null) {
      expiry.lastActive = engine.now();
      engine.registry().scheduleExpiry(this);
    }
  }

  final void restart(CompletableFuture<Void> command) {
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
  final void requestStop(CompletableFuture<Void> waiter) {
    switch (state) {
      case RUNNING -> {
        ACCEPT.getAndBitwiseOr(this, CLOSED);
        state = MetricsRecorderState.STOPPING;
        addStopWaiter(waiter);
        engine.registry().stopping(self());
      }
      case STOPPING -> addStopWaiter(waiter);
      default -> {
        if (removing) {
          engine.registry().removed(self());
        }
        waiter.complete(null);
      }
    }
  }

  final void markRemoving() {
    removing = true;
  }

  final boolean isRemoving() {
    return removing;
  }

  final void markRegistered(boolean now) {
    registered = now;
  }

  final boolean isRegistered() {
    return registered;
  }

  /** Accepted events not yet processed; exact on the processing thread once no producer is mid-call. */
  final long pendingNow() {
    return ((long) ACCEPT.getVolatile(this) & ~CLOSED) - processed;
  }

  /** True once every accepted event has been processed; meaningful while stopping. */
  final boolean drained() {
    return pendingNow() == 0;
  }

  /** Completes a stop once drained: onStopped, final snapshots, STOPPED, waiters, removal. */
  final void finishStop() {
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
      engine.registry().removed(self());
    }
    List<CompletableFuture<Void>> waiters = stopWaiters;
    stopWaiters = null;
    if (waiters != null) {
      waiters.forEach(waiter -> waiter.complete(null));
    }
  }

  /** Fails every stop waiter: the runtime ended before this recorder drained. */
  final void failStop(MetricsException failure) {
    List<CompletableFuture<Void>> waiters = stopWaiters;
    stopWaiters = null;
    if (waiters != null) {
      waiters.forEach(waiter -> waiter.completeExceptionally(failure));
    }
  }

  /** Refuses new events; safe from any thread (used when a runtime is aborted). */
  final void closeAcceptance() {
    ACCEPT.getAndBitwiseOr(this, CLOSED);
  }

  private void addStopWaiter(CompletableFuture<Void> waiter) {
    if (stopWaiters == null) {
      stopWaiters = new ArrayList<>(2);
    }
    stopWaiters.add(waiter);
  }

  final MetricsException invalidState(String operation, MetricsRecorderState now) {
    return new MetricsException(MetricsException.INVALID_RECORDER_STATE,
        operation + ": recorder '" + id + "' is " + (removing || !registered ? "removed" : now)
            + ", expected " + ("start".equals(operation) ? "STOPPED or FAILURE" : "RUNNING"),
        Map.of("recorderId", id, "recorderState", now, "removed", removing || !registered,
            "operation", operation));
  }
}
