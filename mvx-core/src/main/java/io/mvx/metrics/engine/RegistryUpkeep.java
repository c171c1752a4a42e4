package io.mvx.metrics.engine;

import io.mvx.metrics.MetricsException;
import io.mvx.metrics.MetricsRecorderState;
import io.mvx.metrics.RecorderListener;
import io.mvx.metrics.RegistryListener;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The processing thread's side of a {@link RecorderRegistry}: it catches up with what the lifecycle calls
 * already decided in the caller. It runs {@code onStarting} (on a recorder's first event or its
 * {@link Control.Attach}, whichever comes first), keeps the creation-order list that snapshots walk, calls the
 * registry listeners, completes the stops whose recorder has drained, expires idle recorders, and counts the
 * events each run of a recorder processed or rejected. Processing thread only, but for the fields it
 * publishes through the recorders' counters.
 */
final class RegistryUpkeep {

  private final Engine engine;
  private final RecorderRegistry registry;
  /** Attached recorders in creation order, linked through the recorders (no map entry per recorder). */
  private final CreationOrder order = new CreationOrder();
  private final List<DefaultRecorder> pendingStops = new ArrayList<>();
  private final ExpiryQueue expiry = new ExpiryQueue();

  RegistryUpkeep(Engine engine, RecorderRegistry registry) {
    this.engine = engine;
    this.registry = registry;
  }

  /** Queues a stop to finish once its recorder has drained (once per recorder). */
  void addPendingStop(DefaultRecorder recorder) {
    if (!recorder.stopPending) {
      recorder.stopPending = true;
      pendingStops.add(recorder);
    }
  }

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
      request.complete(recorder.hasFinalState() ? recorder.finalSnapshots() : currentSnapshots(recorder, loop));
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
    RecorderListener listener = recorder.listener();
    if (listener != null && !loop.calls.call(recorder, "listener onStarting", () -> listener.onStarting(recorder.id))) {
      registry.fail(recorder, recorder.hung ? Map.of() : currentSnapshots(recorder, loop));
      return;
    }
    if (recorder.expiry != null) {
      expiry.schedule(recorder.expiry); // idle since its creation or its restart (set by the caller)
    }
    if (first && recorder.linked) {
      for (RegistryListener registryListener : registry.listeners()) {
        loop.calls.call(recorder, "registry listener recorderCreated",
            () -> registryListener.recorderCreated(recorder));
      }
    }
  }

  private void metricAdded(Control.MetricAdded added, ProcessingLoop loop) {
    DefaultRecorder recorder = added.recorder();
    if (!recorder.linked || recorder.removing || recorder.hasFinalState()) {
      // adapters see it at their next collection, if it is still there; a recorder already detached is not
      // announced again (its id may be in use by a new recorder by now)
      return;
    }
    MetricSnapshot snapshot = loop.calls.snapshot(recorder, added.metric(), added.name());
    if (snapshot == null) {
      return; // counted in handlerErrors
    }
    for (RegistryListener registryListener : registry.listeners()) {
      loop.calls.call(recorder, "registry listener metricRegistered",
          () -> registryListener.metricRegistered(recorder, snapshot));
    }
  }

  /** Counts a run of a recorder's events taken from a lane: processed, or moved to rejected. */
  void ranEvents(DefaultRecorder recorder, long count, boolean discarded, long now) {
    if (discarded) {
      // a failed recorder's events were accepted before it failed: they leave accepted for rejected
      recorder.countDiscarded(count);
      recorder.countRejected(count);
      registry.counts().countRejected(count);
      return;
    }
    if (recorder.expiry != null) {
      recorder.expiry.lastActive = now;
    }
    RecorderCounters.PROCESSED.setRelease(recorder, recorder.processed + count); // single writer
  }

  /** Counts and logs an exception thrown by the recorder's code. */
  void handlerError(DefaultRecorder recorder, String kind, String what, Throwable failure) {
    recorder.countHandlerError();
    engine.log().throttled(kind, what + " in recorder '" + recorder.id + "' of runtime '" + engine.namespace()
        + "' threw; counted in handlerErrors, processing continues", failure);
  }

  /** Snapshots of every metric of the recorder now; a metric whose snapshot throws is left out and counted. */
  Map<String, MetricSnapshot> currentSnapshots(DefaultRecorder recorder, ProcessingLoop loop) {
    MetricTable metrics = recorder.table();
    if (metrics.size() == 0) {
      return Map.of();
    }
    Map<String, MetricSnapshot> snapshots = new LinkedHashMap<>(metrics.size() * 2);
    for (int i = 0; i < metrics.size(); i++) {
      String name = metrics.name(i);
      MetricSnapshot snapshot = loop.calls.snapshot(recorder, metrics.metric(i), name);
      if (snapshot != null) {
        snapshots.put(name, snapshot);
      }
    }
    return Collections.unmodifiableMap(snapshots);
  }

  /** Every registered recorder's snapshots in creation order; removed recorders are left out at once. */
  RuntimeSnapshot snapshotAll(ProcessingLoop loop, Engine.StatsSource stats) {
    RuntimeSnapshot.Builder builder = RuntimeSnapshot.builder(engine.namespace(), order.size());
    for (DefaultRecorder recorder = order.first(); recorder != null; recorder = recorder.next) {
      if (!recorder.removing) {
        builder.recorder(recorder.id,
            recorder.hasFinalState() ? recorder.finalSnapshots() : currentSnapshots(recorder, loop));
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
      RecorderListener listener = recorder.listener();
      if (listener != null) {
        loop.calls.call(recorder, "listener onStopped", () -> listener.onStopped(recorder.id));
      }
      Map<String, MetricSnapshot> last = currentSnapshots(recorder, loop);
      synchronized (recorder) {
        if (recorder.state == MetricsRecorderState.STOPPING) {
          recorder.extras().finalSnapshots = last;
          recorder.state = MetricsRecorderState.STOPPED;
        }
      }
      engine.log().recorderLifecycle("recorder '" + recorder.id + "' stopped");
    }
    if (recorder.removing && !recorder.retired) {
      boolean announced = recorder.linked;
      order.unlink(recorder);
      if (announced) {
        for (RegistryListener registryListener : registry.listeners()) {
          loop.calls.call(recorder, "registry listener recorderRemoved",
              () -> registryListener.recorderRemoved(recorder));
        }
      }
      registry.counts().retire(recorder); // after the listeners: their errors count too
    }
    CompletableFuture<Void> stopped;
    CompletableFuture<Void> restart;
    synchronized (recorder) {
      stopped = recorder.stopped();
      restart = recorder.extras().restartAfterStop;
      recorder.extras().restartAfterStop = null;
      if (restart != null && !recorder.removing && !recorder.hung) {
        RecorderRegistry.open(recorder);
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
        restart.completeExceptionally(registry.invalidState(recorder, "start", recorder.state));
      } else {
        attach(recorder, loop);
        restart.complete(null);
      }
    }
  }

  /** Fails every stop still waiting: the runtime ends. */
  void failPendingStops(MetricsException failure) {
    for (DefaultRecorder recorder : pendingStops) {
      if (recorder != null) {
        registry.failStop(recorder, failure);
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
            registry.detach(recorder);
          }
          registry.announceDetached(recorder);
          registry.counts().countExpired();
          engine.log().recorderLifecycle("recorder '" + recorder.id + "' of runtime '" + engine.namespace()
              + "' took no event for " + Duration.ofNanos(recorder.expiry.timeoutNanos) + ": expired");
          registry.stop(recorder, true);
        });
  }
}
