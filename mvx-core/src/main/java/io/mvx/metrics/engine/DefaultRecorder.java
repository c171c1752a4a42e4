package io.mvx.metrics.engine;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.MetricsException;
import io.mvx.metrics.MetricsRecorderState;
import io.mvx.metrics.OverflowPolicy;
import io.mvx.metrics.RecorderListener;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.internal.Checks;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.RecorderStats;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The recorder a runtime creates: the producers' hot path and the calls users make. It owns no thread and
 * no buffer; its events go into the calling thread's {@link Lane}, and its accept word bounds how many of
 * them may be pending.
 *
 * <p>Internal: not API, may change without notice.
 */
public final class DefaultRecorder extends RecorderLifecycle implements RuntimeRecorder {

  private static final VarHandle DROPPED;
  private static final VarHandle REJECTED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      DROPPED = lookup.findVarHandle(RecorderProducerSide.class, "dropped", long.class);
      REJECTED = lookup.findVarHandle(RecorderProducerSide.class, "rejected", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final int creationIndex;

  DefaultRecorder(Engine engine, String id, int creationIndex, int capacity,
      OverflowPolicy overflowPolicy, RecorderListener listener, long idleTimeoutNanos) {
    super(engine, id, capacity, overflowPolicy, listener, idleTimeoutNanos);
    this.creationIndex = creationIndex;
  }

  @Override
  DefaultRecorder self() {
    return this;
  }

  // ---- producer side: any thread ----

  @Override
  public void registerEvent(MetricEvent event) {
    Objects.requireNonNull(event, "event");
    // the one locked instruction per event: an unconditional add instead of a compare-and-set loop, which
    // retries under contention; a refused event takes its add back (stops and the full check see at most a
    // transient over-count)
    long word = (long) ACCEPT.getAndAdd(this, 1L);
    if (word < 0) {
      ACCEPT.getAndAdd(this, -1L);
      reject();
      return;
    }
    if (word - processedSeen >= capacity) {
      long processedNow = processed;
      processedSeen = processedNow;
      if (word - processedNow >= capacity) {
        ACCEPT.getAndAdd(this, -1L);
        overflow(false);
        return;
      }
    }
    Lane lane = lastLane;
    if (lane == null || lane.owner != Thread.currentThread()) {
      lane = handoff.lane();
      if (!lane.isShared()) {
        lastLane = lane; // the shared lane is never cached: its owner is nobody
      }
    }
    if (!handoff.offer(lane, this, event)) {
      ACCEPT.getAndAdd(this, -1L);
      overflow(true);
    }
  }

  private void reject() {
    REJECTED.getAndAdd(this, 1L);
    engine.countRejected();
    if (!rejectionLogged) {
      rejectionLogged = true;
      engine.log().throttled("rejected", "recorder '" + id + "' of runtime '" + engine.namespace()
          + "' is " + (isDetached() ? "removed" : state) + ": events are rejected and counted", null);
    }
  }

  private void overflow(boolean runtimeFull) {
    // a full queue publishes nothing new: a processing thread that backed off would not see work to do
    handoff.wakeConsumer();
    DROPPED.getAndAdd(this, 1L);
    engine.countDropped();
    if (runtimeFull) {
      engine.log().throttled("bufferFull", "runtime '" + engine.namespace() + "' holds eventBufferCapacity "
          + handoff.capacity() + " pending events: an event of recorder '" + id + "' was dropped", null);
    }
    if (overflowPolicy == OverflowPolicy.RAISE_ERROR) {
      String message = runtimeFull
          ? "runtime '" + engine.namespace() + "' is full (eventBufferCapacity " + handoff.capacity()
              + "): event of recorder '" + id + "' dropped"
          : "queue of recorder '" + id + "' is full (queueCapacity " + capacity + "): event dropped";
      throw new MetricsException(MetricsException.QUEUE_OVERFLOW, message,
          Map.of("recorderId", id, "queueCapacity", capacity, "eventBufferCapacity", handoff.capacity()));
    }
  }

  @Override
  public RecorderStats stats() {
    long processedNow = processed;
    long accepted = acceptWord & ~CLOSED;
    return new RecorderStats(accepted, dropped, rejected, processedNow, handlerErrors,
        Math.max(0, accepted - processedNow));
  }

  /** Adds this recorder's accepted, processed, handler errors and pending to {@code sums}. */
  void addStatsTo(long[] sums) {
    long processedNow = processed;
    long accepted = acceptWord & ~CLOSED;
    sums[0] += accepted;
    sums[1] += processedNow;
    sums[2] += handlerErrors;
    sums[3] += Math.max(0, accepted - processedNow);
  }

  /**
   * Adds the counts of this drained, stopped recorder to {@code sums} for the runtime's totals once it is
   * removed. Every accepted event is processed by then, so {@code processed} is the exact accepted count; the
   * accept word may for a moment still hold the add of a racing call that is about to take it back.
   */
  void addFinalStatsTo(long[] sums) {
    long processedNow = processed;
    sums[0] += processedNow;
    sums[1] += processedNow;
    sums[2] += handlerErrors;
  }

  @Override
  public String recorderId() {
    return id;
  }

  int creationIndex() {
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

  /** True once the recorder has left its runtime's registry. */
  boolean isDetached() {
    return engine.find(id) != this;
  }

  @Override
  public String toString() {
    return "RuntimeRecorder{id=" + id + ", namespace=" + engine.namespace() + ", state=" + state + "}";
  }
}
