package io.mvx.metrics.engine;

import io.mvx.metrics.snapshot.MetricSnapshot;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What most recorders never need, made at the first time a recorder needs it: the counters of slow paths
 * (a recorder that drops, rejects or fails) and the state of a stop.
 */
final class RecorderExtras {
  static final VarHandle DROPPED;
  static final VarHandle REJECTED;
  static final VarHandle HANDLER_ERRORS;
  static final VarHandle DISCARDED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      DROPPED = lookup.findVarHandle(RecorderExtras.class, "dropped", long.class);
      REJECTED = lookup.findVarHandle(RecorderExtras.class, "rejected", long.class);
      HANDLER_ERRORS = lookup.findVarHandle(RecorderExtras.class, "handlerErrors", long.class);
      DISCARDED = lookup.findVarHandle(RecorderExtras.class, "discarded", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Events refused for a full queue or a full runtime. */
  volatile long dropped;
  /** Events refused because the recorder was not running. */
  volatile long rejected;
  /** Exceptions thrown by the recorder's metrics, snapshots and listeners. */
  volatile long handlerErrors;
  /** Accepted events of a failed recorder, taken without delivery: they count as rejected, not accepted. */
  volatile long discarded;
  /** Completes when the current stop has drained; null while running. Guarded by the recorder's monitor. */
  CompletableFuture<Void> stopped;
  /** A start() that came while stopping: the stop's end starts the recorder again. Guarded by the monitor. */
  CompletableFuture<Void> restartAfterStop;
  /** What snapshots return once the recorder is stopped or failed. */
  volatile Map<String, MetricSnapshot> finalSnapshots = Map.of();
}
