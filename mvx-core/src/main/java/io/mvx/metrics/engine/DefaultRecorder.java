package io.mvx.metrics.engine;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.MetricsException;
import io.mvx.metrics.MetricsRecorderState;
import io.mvx.metrics.OverflowPolicy;
import io.mvx.metrics.RecorderListener;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.TraceContext;
import io.mvx.metrics.TraceContextSupplier;
import io.mvx.metrics.internal.Checks;
import io.mvx.metrics.internal.OpenTelemetryTraces;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.RecorderStats;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The recorder a runtime creates: the producers' hot path, and the calls users make, which its
 * {@link RecorderRegistry} carries out (the registry owns every state transition). It owns no thread and no
 * buffer; its events go into the calling thread's {@link Lane}, and its accept count (see
 * {@link RecorderCounters}) bounds how many of them may be pending.
 *
 * <p>Fields are grouped by who writes them: producers (the counters in {@link RecorderCounters}), the caller
 * of a lifecycle call under this recorder's monitor, and the processing thread.
 *
 * <p>Internal: not API, may change without notice.
 */
public final class DefaultRecorder extends RecorderCounters implements RuntimeRecorder {

  // ---- read by producers per event; final or rarely written ----
  /** Shared by the recorders created alike: registry, hand-off, capacity, overflow policy, listener, traces. */
  final RecorderSettings settings;
  /**
   * The dedicated lane of the thread that emitted last, so that a recorder fed by one thread finds its lane
   * without a thread-local lookup; valid only for the thread that owns it ({@link Lane#owner} is final).
   */
  Lane lastLane;
  boolean rejectionLogged;

  // ---- fixed at creation ----
  final String id;
  final int creationIndex;
  /** The idle-expiry state, or null when the recorder has no idle timeout. */
  final ExpiryQueue.Entry expiry;

  // ---- written by lifecycle calls under this recorder's monitor, read by anyone ----
  volatile MetricsRecorderState state = MetricsRecorderState.RUNNING;
  /**
   * The recorder's metrics: null, the one metric (named {@link #singleName}: no table object for the
   * per-entity case), or a {@link MetricTable} of two or more; replaced as a whole.
   */
  volatile Object metrics;
  /** The name of the one metric, when {@link #metrics} is one. */
  String singleName;
  /** Bumped by every (re)start; the processing thread runs {@code onStarting} once per value. */
  volatile int openEpoch = 1;
  /** True once the recorder has left the registry (stopAndRemoveRecorder, idle expiry, shutdown). */
  volatile boolean removing;
  /** True once a call into this recorder's code hung: nothing of it is ever called again. */
  volatile boolean hung;

  // ---- processing thread only ----
  /** The {@link #openEpoch} whose {@code onStarting} has run. */
  int attachedEpoch;
  /** The registry's creation-order list of attached recorders. */
  DefaultRecorder previous;
  DefaultRecorder next;
  boolean linked;
  /** True once the removed recorder's counts went into the registry's retired totals. */
  boolean retired;
  /** True while the recorder is in the registry's list of stops waiting for the drain. */
  boolean stopPending;

  DefaultRecorder(RecorderSettings settings, String id, int creationIndex, long idleTimeoutNanos) {
    this.settings = settings;
    this.id = id;
    this.creationIndex = creationIndex;
    this.expiry = idleTimeoutNanos > 0 ? new ExpiryQueue.Entry(this, idleTimeoutNanos) : null;
    this.acceptWord = 0; // open: the registry publishes the recorder after this constructor
    this.acceptLimit = Math.min(GRANT, settings.capacity);
  }

  // ---- producer side: any thread ----

  /**
   * Emits an event. The path of the usual case, a thread emitting to a recorder no other thread feeds at the
   * moment, is kept small (what is rare goes into methods of its own), so that the JIT inlines all of it.
   */
  @Override
  public void registerEvent(MetricEvent event) {
    Objects.requireNonNull(event, "event");
    Lane lane = lastLane;
    if (lane == null || lane.owner != Thread.currentThread() || stripes != null) {
      registerFromAnyLane(event);
      return;
    }
    RecorderSettings settings = this.settings;
    TraceContext trace = settings.traces == null ? null : trace(settings.traces, lane.lastTrace);
    accept(settings.handoff, lane, event, trace);
  }

  /**
   * {@link #registerEvent} for a thread other than the one that emitted last, a virtual thread, or a contended
   * recorder: the calling thread's lane is looked up (and kept as {@link #lastLane} while the recorder is
   * uncontended, so that a recorder fed by one thread finds it without a thread-local lookup).
   */
  private void registerFromAnyLane(MetricEvent event) {
    RecorderSettings settings = this.settings;
    Lane lane = settings.handoff.lane();
    if (!lane.isShared() && stripes == null) {
      lastLane = lane; // a shared lane is never kept: its owner is nobody
    }
    TraceContext trace = settings.traces == null ? null : trace(settings.traces, lane.lastTrace);
    if (lane.isShared()) {
      synchronized (lane) { // a shared lane's producers take turns: credit, place and append together
        accept(settings.handoff, lane, event, trace);
      }
    } else {
      accept(settings.handoff, lane, event, trace);
    }
  }

  /**
   * Takes a runtime-wide credit in the lane, then a place in this recorder's queue, then appends: each step
   * that refuses counts the call once (rejected or dropped) and leaves nothing to give back.
   */
  private void accept(Handoff handoff, Lane lane, MetricEvent event, TraceContext trace) {
    if (!handoff.credit(lane)) {
      refuse(acceptWord < 0 ? REFUSED_CLOSED : REFUSED_RUNTIME_FULL);
      return;
    }
    // uncontended: one compare-and-set on the base word, a line the emitting thread keeps
    int admitted = stripes == null ? admitBase() : CONTENDED;
    if (admitted == TAKEN) {
      handoff.append(lane, this, event, trace);
    } else {
      acceptContended(handoff, lane, event, trace, admitted);
    }
  }

  /** {@link #accept} when the base word refused the event or is contended: through the lane's stripe. */
  private void acceptContended(Handoff handoff, Lane lane, MetricEvent event, TraceContext trace, int admitted) {
    if (admitted == CONTENDED) {
      admitted = admitStripe(growStripes()[lane.stripe & (STRIPES - 1)]);
    }
    if (admitted == TAKEN) {
      handoff.append(lane, this, event, trace);
    } else {
      refuse(admitted);
    }
  }

  /** {@link #refuse}: the runtime holds {@code eventBufferCapacity} pending events. */
  private static final int REFUSED_RUNTIME_FULL = -1;

  private void refuse(int why) {
    if (why == REFUSED_CLOSED) {
      reject();
    } else {
      overflow(why == REFUSED_RUNTIME_FULL);
    }
  }

  @Override
  int capacity() {
    return settings.capacity;
  }

  RecorderRegistry registry() {
    return settings.registry;
  }

  /**
   * Reads a field on every cache line this recorder's fields lie on, for {@link Lane#drain}'s read-ahead: the
   * first field and the last, and fields between them no more than a line apart, in the layouts of Java 17 and
   * 25 ({@code FieldLayoutTest} checks the running JVM's), all in plain mode, so that the reads of many
   * recorders can overlap. Processing thread only.
   */
  int readAhead() {
    return (extrasPlain() == null ? 0 : 1) + attachedEpoch + (next == null ? 0 : 1) + (stopPending ? 1 : 0);
  }

  RecorderListener listener() {
    return settings.listener;
  }

  /**
   * The producing thread's trace context, or null when there is none; {@code previous} (the last one this
   * lane carried) when it is the same span, so that events of one span share one object and the lane stores
   * it once.
   */
  private TraceContext trace(TraceContextSupplier traces, TraceContext previous) {
    try {
      if (traces instanceof OpenTelemetryTraces openTelemetry) {
        return openTelemetry.currentSpan(previous);
      }
      TraceContext trace = traces.currentSpan();
      return trace != null && trace.equals(previous) ? previous : trace;
    } catch (Throwable failure) {
      registry().log().throttled("traceContext", "traceContextSupplier " + traces + " of runtime '"
          + registry().namespace() + "' threw; the event of recorder '" + id + "' is kept without a trace", failure);
      return null;
    }
  }

  private void reject() {
    countRejected(1);
    RecorderRegistry registry = registry();
    registry.counts().countRejected(1);
    if (!rejectionLogged) {
      rejectionLogged = true;
      registry.log().throttled("rejected", "recorder '" + id + "' of runtime '" + registry.namespace()
          + "' is " + (removing ? "removed" : state) + ": events are rejected and counted", null);
    }
  }

  private void overflow(boolean runtimeFull) {
    // a full queue publishes nothing new: a processing thread that backed off would not see work to do
    RecorderRegistry registry = registry();
    Handoff handoff = settings.handoff;
    handoff.wakeConsumer();
    countDropped();
    registry.counts().countDropped();
    String namespace = registry.namespace();
    if (runtimeFull) {
      handoff.countBufferFull();
      registry.log().throttled("bufferFull", "runtime '" + namespace + "' holds eventBufferCapacity "
          + handoff.capacity() + " pending events: an event of recorder '" + id + "' was dropped", null);
    }
    int capacity = settings.capacity;
    if (settings.overflowPolicy == OverflowPolicy.RAISE_ERROR) {
      String message = runtimeFull
          ? "runtime '" + namespace + "' is full (eventBufferCapacity " + handoff.capacity()
              + "): event of recorder '" + id + "' dropped"
          : "queue of recorder '" + id + "' is full (queueCapacity " + capacity + "): event dropped";
      throw new MetricsException(MetricsException.QUEUE_OVERFLOW, message,
          Map.of("recorderId", id, "queueCapacity", capacity, "eventBufferCapacity", handoff.capacity()));
    }
  }

  // ---- the calls users make: the registry carries them out without waiting for the processing thread ----

  @Override
  public void registerMetric(Metric metric) {
    Objects.requireNonNull(metric, "metric");
    registry().registerMetric(this, metric, Checks.metricName(metric.metricName(), "metricName"));
  }

  @Override
  public CompletableFuture<Void> start() {
    return registry().start(this);
  }

  @Override
  public CompletableFuture<Void> stop() {
    return registry().stop(this, false);
  }

  @Override
  public Map<String, MetricSnapshot> getMetricSnapshots() {
    return registry().snapshotOf(this);
  }

  @Override
  public String recorderId() {
    return id;
  }

  @Override
  public MetricsRecorderState getStatus() {
    return state;
  }

  @Override
  public List<Metric> metrics() {
    return table().asList();
  }

  /** The metrics as a table; a view made for the call when the recorder has one metric. */
  MetricTable table() {
    Object now = metrics;
    return now instanceof MetricTable table ? table : now == null ? MetricTable.EMPTY : MetricTable.single((Metric) now, singleName);
  }

  /** Publishes {@code table}; under this recorder's monitor. */
  void setMetrics(MetricTable table) {
    if (table.size() == 1) {
      singleName = table.name(0);
      metrics = table.metric(0); // volatile: after the name
    } else {
      metrics = table;
    }
  }

  @Override
  public RecorderStats stats() {
    long processedNow = processed;
    long accepted = acceptedNow();
    return new RecorderStats(Math.max(accepted, processedNow), dropped(), rejected(), processedNow, handlerErrors(),
        Math.max(0, accepted - processedNow));
  }

  /** Adds this recorder's counts to {@code totals}. */
  void addTo(Totals totals) {
    long processedNow = processed;
    long accepted = acceptedNow();
    totals.add(Math.max(accepted, processedNow), processedNow, handlerErrors(), Math.max(0, accepted - processedNow));
  }

  /**
   * Adds the counts of this drained, stopped recorder to {@code totals} once it is removed. Every accepted
   * event is processed by then, so {@code processed} is the exact accepted count; the accept word may for a
   * moment still hold the add of a racing call that is about to take it back.
   */
  void addFinalTo(Totals totals) {
    long processedNow = processed;
    totals.add(processedNow, processedNow, handlerErrors(), 0);
  }

  /** True when snapshots come from {@link #finalSnapshots()}: stopped or failed. */
  boolean hasFinalState() {
    MetricsRecorderState now = state;
    return now == MetricsRecorderState.STOPPED || now == MetricsRecorderState.FAILURE;
  }

  /** True when the processing thread must not deliver to it: failed (at start or hung). */
  boolean failed() {
    return state == MetricsRecorderState.FAILURE;
  }

  @Override
  public String toString() {
    return "RuntimeRecorder{id=" + id + ", namespace=" + registry().namespace() + ", state=" + state + "}";
  }
}
