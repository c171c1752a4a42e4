package io.mvx.metrics.engine;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricsException;
import io.mvx.metrics.MetricsRecorderState;
import io.mvx.metrics.RegistryListener;
import io.mvx.metrics.snapshot.MetricSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * A runtime's recorders: lookups by id from any thread; on the processing thread, the creation-order list,
 * the registry listeners, the stops waiting for their recorder to drain, the idle-expiry queue, and the
 * counts of recorders already removed.
 */
final class RecorderRegistry {

  private final Engine engine;
  private final int maxRecorders;
  private final ConcurrentHashMap<String, DefaultRecorder> byId = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<RegistryListener> listeners = new CopyOnWriteArrayList<>();

  // processing thread only
  /** Registered recorders in creation order, linked through the recorders (no map entry per recorder). */
  private RecorderLifecycle first;
  private RecorderLifecycle last;
  private int registered;
  private int created;
  private final List<DefaultRecorder> pendingStops = new ArrayList<>();
  /** Recorders with an idle timeout, by the time their idleness is next checked; each queued at most once. */
  private final PriorityQueue<RecorderLifecycle> expiry =
      new PriorityQueue<>(Comparator.comparingLong(recorder -> recorder.expiry.deadline));

  /** accepted, processed, handler errors of removed recorders; replaced as a whole. */
  private volatile long[] retired = new long[3];
  private volatile long expired;
  private volatile long refused;

  RecorderRegistry(Engine engine, int maxRecorders) {
    this.engine = engine;
    this.maxRecorders = maxRecorders;
  }

  // ---- any thread ----

  DefaultRecorder find(String id) {
    return byId.get(id);
  }

  /** Ids in creation order. */
  List<String> ids() {
    List<DefaultRecorder> recorders = new ArrayList<>(byId.values());
    recorders.sort(Comparator.comparingInt(DefaultRecorder::creationIndex));
    List<String> ids = new ArrayList<>(recorders.size());
    recorders.forEach(recorder -> ids.add(recorder.recorderId()));
    return List.copyOf(ids);
  }

  int size() {
    return byId.size();
  }

  Iterable<DefaultRecorder> all() {
    return byId.values();
  }

  /** accepted, processed, handler errors and pending summed over removed and registered recorders. */
  long[] sums() {
    long[] sums = new long[4];
    long[] removed = retired;
    System.arraycopy(removed, 0, sums, 0, removed.length);
    for (DefaultRecorder recorder : byId.values()) {
      recorder.addStatsTo(sums);
    }
    return sums;
  }

  long expired() {
    return expired;
  }

  long refused() {
    return refused;
  }

  void addListener(RegistryListener listener) {
    listeners.addIfAbsent(listener);
  }

  void removeListener(RegistryListener listener) {
    listeners.remove(listener);
  }

  // ---- processing thread ----

  DefaultRecorder create(String id, int capacity, io.mvx.metrics.OverflowPolicy policy,
      io.mvx.metrics.RecorderListener listener, long idleTimeoutNanos) {
    if (byId.containsKey(id)) {
      throw new MetricsException(MetricsException.RECORDER_ALREADY_EXISTS,
          "'" + id + "': a recorder of that id already exists in runtime '" + engine.namespace() + "'",
          Map.of("recorderId", id, "namespace", engine.namespace()));
    }
    if (registered >= maxRecorders) {
      refused++; // single writer
      String message = "'" + id + "': runtime '" + engine.namespace() + "' already holds maxRecorders "
          + maxRecorders + " recorders; remove some or raise maxRecorders";
      engine.log().throttled("recorderLimit", message, null);
      throw new MetricsException(MetricsException.RECORDER_LIMIT_EXCEEDED, message,
          Map.of("recorderId", id, "namespace", engine.namespace(), "maxRecorders", maxRecorders));
    }
    DefaultRecorder recorder =
        new DefaultRecorder(engine, id, created++, capacity, policy, listener, idleTimeoutNanos);
    recorder.open();
    recorder.markRegistered(true);
    append(recorder);
    byId.put(id, recorder);
    engine.log().recorderLifecycle("recorder '" + id + "' created in runtime '" + engine.namespace() + "'");
    for (RegistryListener registryListener : listeners) {
      try {
        registryListener.recorderCreated(recorder);
      } catch (Throwable failure) {
        recorder.handlerError("registryListener", "registry listener recorderCreated", failure);
      }
    }
    return recorder;
  }

  /** The registered recorder {@code id}, not being removed. */
  DefaultRecorder lookup(String id, String operation) {
    DefaultRecorder recorder = byId.get(id);
    if (recorder == null || recorder.isRemoving()) {
      throw engine.recorderNotFound(id, operation);
    }
    return recorder;
  }

  /** Starts stopping and removing a recorder; {@code stopped} completes once it is drained and removed. */
  void stopAndRemove(DefaultRecorder recorder, CompletableFuture<Void> stopped) {
    recorder.markRemoving();
    recorder.requestStop(stopped);
  }

  void stopping(DefaultRecorder recorder) {
    pendingStops.add(recorder);
  }

  boolean hasPendingStops() {
    return !pendingStops.isEmpty();
  }

  /**
   * Completes the stops whose recorder has processed every accepted event, in one pass over the waiting
   * stops (a shutdown of a million recorders waits for a million stops at once).
   */
  void finishDrainedStops() {
    if (pendingStops.isEmpty()) {
      return;
    }
    List<DefaultRecorder> drained = null;
    int kept = 0;
    for (int i = 0, size = pendingStops.size(); i < size; i++) {
      DefaultRecorder recorder = pendingStops.get(i);
      if (recorder.drained()) {
        if (drained == null) {
          drained = new ArrayList<>();
        }
        drained.add(recorder);
      } else {
        pendingStops.set(kept++, recorder);
      }
    }
    if (drained == null) {
      return;
    }
    pendingStops.subList(kept, pendingStops.size()).clear();
    for (DefaultRecorder recorder : drained) {
      recorder.finishStop(); // listeners may start more stops: they join pendingStops for the next call
    }
  }

  /** Fails every stop still waiting: the runtime ends. */
  void failPendingStops(MetricsException failure) {
    for (DefaultRecorder recorder : pendingStops) {
      recorder.failStop(failure);
    }
    pendingStops.clear();
  }

  void removed(DefaultRecorder recorder) {
    if (!recorder.isRegistered()) {
      return;
    }
    unlink(recorder);
    byId.remove(recorder.recorderId(), recorder);
    recorder.markRegistered(false);
    engine.log().recorderLifecycle(
        "recorder '" + recorder.recorderId() + "' removed from runtime '" + engine.namespace() + "'");
    for (RegistryListener registryListener : listeners) {
      try {
        registryListener.recorderRemoved(recorder);
      } catch (Throwable failure) {
        recorder.handlerError("registryListener", "registry listener recorderRemoved", failure);
      }
    }
    long[] sums = retired.clone();
    recorder.addFinalStatsTo(sums); // after the listeners: their errors count too
    retired = sums;
  }

  void metricRegistered(DefaultRecorder recorder, Metric metric, String name) {
    if (listeners.isEmpty()) {
      return;
    }
    MetricSnapshot snapshot = recorder.guardedSnapshot(metric, name);
    if (snapshot == null) {
      return; // counted in handlerErrors; adapters see the metric at their next collection
    }
    for (RegistryListener registryListener : listeners) {
      try {
        registryListener.metricRegistered(recorder, snapshot);
      } catch (Throwable failure) {
        recorder.handlerError("registryListener", "registry listener metricRegistered", failure);
      }
    }
  }

  /** Every registered recorder's snapshots, in creation order. */
  void forEachSnapshot(BiConsumer<String, Map<String, MetricSnapshot>> sink) {
    for (RecorderLifecycle recorder = first; recorder != null; recorder = recorder.next) {
      sink.accept(recorder.id, recorder.currentSnapshots());
    }
  }

  int registeredCount() {
    return registered;
  }

  boolean isEmpty() {
    return first == null;
  }

  /** Starts stopping and removing every registered recorder (shutdown). */
  void stopAll() {
    List<DefaultRecorder> all = new ArrayList<>(registered);
    for (RecorderLifecycle recorder = first; recorder != null; recorder = recorder.next) {
      all.add(recorder.self());
    }
    for (DefaultRecorder recorder : all) {
      stopAndRemove(recorder, new CompletableFuture<>());
    }
  }

  // ---- idle expiry, processing thread ----

  /** Queues the recorder's next idleness check, if it has an idle timeout and is not queued yet. */
  void scheduleExpiry(RecorderLifecycle recorder) {
    RecorderLifecycle.Expiry state = recorder.expiry;
    if (state != null && state.deadline == Long.MIN_VALUE) {
      state.deadline = state.lastActive + state.timeoutNanos;
      expiry.add(recorder);
    }
  }

  /** When the next idleness check is due, or Long.MAX_VALUE when none is queued. */
  long nextExpiryCheck() {
    RecorderLifecycle head = expiry.peek();
    return head == null ? Long.MAX_VALUE : head.expiry.deadline;
  }

  /** True when an idleness check is due at {@code now}. */
  boolean expiryDue(long now) {
    RecorderLifecycle head = expiry.peek();
    return head != null && head.expiry.deadline - now <= 0;
  }

  /**
   * Stops and removes the recorders that have taken no event for their idle timeout. A recorder with
   * accepted events still waiting is active, not idle: it is checked again a timeout later.
   */
  void expireIdle(long now) {
    RecorderLifecycle head;
    while ((head = expiry.peek()) != null && head.expiry.deadline - now <= 0) {
      expiry.poll();
      RecorderLifecycle.Expiry state = head.expiry;
      state.deadline = Long.MIN_VALUE;
      if (!head.isRegistered() || head.isRemoving() || head.state != MetricsRecorderState.RUNNING) {
        continue; // removed or stopped: a restart queues it again
      }
      if (head.pendingNow() > 0) {
        state.lastActive = now;
      }
      if (now - state.lastActive < state.timeoutNanos) {
        scheduleExpiry(head);
        continue;
      }
      expired++; // single writer
      engine.log().recorderLifecycle("recorder '" + head.id + "' of runtime '" + engine.namespace()
          + "' took no event for " + java.time.Duration.ofNanos(state.timeoutNanos) + ": expired");
      stopAndRemove(head.self(), new CompletableFuture<>());
    }
  }

  private void append(RecorderLifecycle recorder) {
    recorder.previous = last;
    if (last == null) {
      first = recorder;
    } else {
      last.next = recorder;
    }
    last = recorder;
    registered++;
  }

  private void unlink(RecorderLifecycle recorder) {
    if (recorder.previous == null) {
      first = recorder.next;
    } else {
      recorder.previous.next = recorder.next;
    }
    if (recorder.next == null) {
      last = recorder.previous;
    } else {
      recorder.next.previous = recorder.previous;
    }
    recorder.previous = null;
    recorder.next = null;
    registered--;
  }
}
