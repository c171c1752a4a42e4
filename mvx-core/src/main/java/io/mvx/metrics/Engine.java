package io.mvx.metrics;

import io.mvx.metrics.internal.SnapshotFactory;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.RecorderStats;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.snapshot.RuntimeStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The runtime's processing side: the event ring, the one processing thread and its loop, the recorder
 * registry, and the commands that run on that thread.
 *
 * <p>The loop drains the ring in batches, delivering events to their recorder's metrics and running
 * commands in the same FIFO order; after each batch it completes the stops whose recorder has drained. When
 * the ring is empty it spins briefly and then parks until a producer wakes it, so an idle runtime costs no
 * CPU.
 */
final class Engine implements Runnable {

  private static final int BATCH = 256;
  private static final int IDLE_SPINS = 200;
  private static final int IDLE_POLL_EVERY = 16;

  private final String namespace;
  private final RuntimeLog log;
  private final EventRing ring;
  private final Duration timeout;
  private final CommandChannel commands;

  private volatile Thread thread;
  private volatile boolean aborted;
  private volatile Consumer<Boolean> onTerminated = drained -> {};

  /** Lookups from any thread. */
  private final ConcurrentHashMap<String, DefaultRecorder> byId = new ConcurrentHashMap<>();
  /**
   * Registered recorders in creation order, linked through the recorders themselves (no map entry per
   * recorder); processing thread only.
   */
  private DefaultRecorder first;
  private DefaultRecorder last;
  private int registeredCount;
  private final CopyOnWriteArrayList<RegistryListener> registryListeners = new CopyOnWriteArrayList<>();
  private final List<DefaultRecorder> pendingStops = new ArrayList<>();
  private long createdRecorders;
  private boolean shuttingDown;

  /** Counts of removed recorders, so runtime totals survive removal; written on the processing thread. */
  private volatile RecorderStats retired = RecorderStats.empty();

  Engine(String namespace, RuntimeLog log, int ringCapacity, Duration timeout) {
    this.namespace = namespace;
    this.log = log;
    this.ring = new EventRing(ringCapacity);
    this.timeout = timeout;
    this.commands = new CommandChannel(namespace, ring, timeout, this::onProcessingThread);
  }

  String namespace() {
    return namespace;
  }

  RuntimeLog log() {
    return log;
  }

  EventRing ring() {
    return ring;
  }

  Duration timeout() {
    return timeout;
  }

  boolean onProcessingThread() {
    return Thread.currentThread() == thread;
  }

  // ---- lifecycle, called by MetricsRuntime ----

  void start(Consumer<Boolean> onTerminated) {
    this.onTerminated = onTerminated;
    Thread created = new Thread(this, namespace + ".metrics_runtime");
    created.setDaemon(true);
    thread = created;
    ring.consumer(created);
    created.start();
  }

  /** Asks the loop to drain, stop and remove every recorder and then end; waits at most until the deadline. */
  void requestShutdown(long deadlineNanos) {
    Command<Void> shutdown = new Command<>("shutdown") {
      @Override
      void execute() {
        beginShutdown();
        complete(null);
      }
    };
    if (onProcessingThread()) {
      shutdown.run();
    } else {
      commands.offer(shutdown, deadlineNanos);
    }
  }

  /** Waits until the processing thread has ended; true when it has. */
  boolean awaitTermination(long timeoutNanos) {
    Thread current = thread;
    if (current == null) {
      return true;
    }
    try {
      current.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !current.isAlive();
  }

  /** Ends the loop without draining: refuses new events, interrupts the thread and wakes it. */
  void abort() {
    aborted = true;
    byId.values().forEach(DefaultRecorder::closeAcceptance);
    Thread current = thread;
    if (current != null && current != Thread.currentThread()) {
      current.interrupt();
      LockSupport.unpark(current);
    }
  }

  // ---- commands ----

  /** See {@link CommandChannel#submit}. */
  <T> T submit(Command<T> command) {
    return commands.submit(command);
  }

  /** See {@link CommandChannel#enqueue}. */
  <T> CompletableFuture<T> enqueue(Command<T> command) {
    return commands.enqueue(command);
  }

  MetricsException notRunning(String operation) {
    return commands.notRunning(operation);
  }

  // ---- registry, processing thread only unless noted ----

  DefaultRecorder create(String id, int capacity, OverflowPolicy policy, RecorderListener listener) {
    return submit(new Command<DefaultRecorder>("createRecorder") {
      @Override
      void execute() {
        if (shuttingDown) {
          throw notRunning("createRecorder");
        }
        if (byId.containsKey(id)) {
          throw new MetricsException(MetricsException.RECORDER_ALREADY_EXISTS,
              "'" + id + "': a recorder of that id already exists in runtime '" + namespace + "'",
              Map.of("recorderId", id, "namespace", namespace));
        }
        DefaultRecorder recorder =
            new DefaultRecorder(Engine.this, id, createdRecorders++, capacity, policy, listener);
        recorder.open();
        recorder.markRegistered();
        append(recorder);
        byId.put(id, recorder);
        log.recorderLifecycle("recorder '" + id + "' created in runtime '" + namespace + "'");
        for (RegistryListener registryListener : registryListeners) {
          try {
            registryListener.recorderCreated(recorder);
          } catch (Throwable failure) {
            recorder.handlerError("registryListener", "registry listener recorderCreated", failure);
          }
        }
        complete(recorder);
      }
    });
  }

  /** Any thread. */
  DefaultRecorder find(String id) {
    return byId.get(id);
  }

  /** Any thread: ids in creation order. */
  List<String> ids() {
    List<DefaultRecorder> recorders = new ArrayList<>(byId.values());
    recorders.sort(Comparator.comparingLong(DefaultRecorder::creationIndex));
    List<String> ids = new ArrayList<>(recorders.size());
    recorders.forEach(r -> ids.add(r.recorderId()));
    return List.copyOf(ids);
  }

  int recorderCount() {
    return byId.size();
  }

  void stopRecorder(String id) {
    submit(new Command.Stop<Void>("stopRecorder", id) {
      @Override
      void execute() {
        lookup(id, "stopRecorder").requestStop(this);
      }
    });
  }

  DefaultRecorder stopAndRemove(String id) {
    DefaultRecorder[] target = new DefaultRecorder[1];
    DefaultRecorder removed = submit(new Command.Stop<DefaultRecorder>("stopAndRemoveRecorder", id) {
      @Override
      void execute() {
        DefaultRecorder recorder = lookup(id, "stopAndRemoveRecorder");
        target[0] = recorder;
        recorder.markRemoving();
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        stopped.whenComplete((ignored, failure) -> {
          if (failure == null) {
            complete(recorder);
          } else {
            completeExceptionally(failure);
          }
        });
        recorder.requestStop(stopped);
      }
    });
    return removed != null ? removed : target[0];
  }

  private DefaultRecorder lookup(String id, String operation) {
    DefaultRecorder recorder = byId.get(id);
    if (recorder == null || recorder.isRemoving()) {
      throw recorderNotFound(id, operation);
    }
    return recorder;
  }

  MetricsException recorderNotFound(String id, String operation) {
    return new MetricsException(MetricsException.RECORDER_NOT_FOUND,
        operation + ": no recorder '" + id + "' in runtime '" + namespace + "'",
        Map.of("recorderId", id, "namespace", namespace, "operation", operation));
  }

  private void append(DefaultRecorder recorder) {
    recorder.previous = last;
    if (last == null) {
      first = recorder;
    } else {
      last.next = recorder;
    }
    last = recorder;
    registeredCount++;
  }

  private void unlink(DefaultRecorder recorder) {
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
    registeredCount--;
  }

  void stopping(DefaultRecorder recorder) {
    pendingStops.add(recorder);
  }

  void removed(DefaultRecorder recorder) {
    if (recorder.isRegistered()) {
      unlink(recorder);
      byId.remove(recorder.recorderId(), recorder);
      recorder.markUnregistered();
      log.recorderLifecycle("recorder '" + recorder.recorderId() + "' removed from runtime '" + namespace + "'");
      for (RegistryListener registryListener : registryListeners) {
        try {
          registryListener.recorderRemoved(recorder);
        } catch (Throwable failure) {
          recorder.handlerError("registryListener", "registry listener recorderRemoved", failure);
        }
      }
      retired = add(retired, recorder.finalStats()); // after the listeners: their errors count too
    }
  }

  void metricRegistered(DefaultRecorder recorder, Metric metric) {
    for (RegistryListener registryListener : registryListeners) {
      try {
        registryListener.metricRegistered(recorder, metric);
      } catch (Throwable failure) {
        recorder.handlerError("registryListener", "registry listener metricRegistered", failure);
      }
    }
  }

  void addRegistryListener(RegistryListener listener) {
    registryListeners.addIfAbsent(listener);
  }

  void removeRegistryListener(RegistryListener listener) {
    registryListeners.remove(listener);
  }

  RuntimeSnapshot snapshot() {
    if (ring.isClosed()) {
      return RuntimeSnapshot.empty(namespace, stats());
    }
    try {
      return submit(new Command<RuntimeSnapshot>("snapshot") {
        @Override
        void execute() {
          Map<String, Map<String, MetricSnapshot>> recorders = new LinkedHashMap<>(registeredCount * 2);
          for (DefaultRecorder recorder = first; recorder != null; recorder = recorder.next) {
            recorders.put(recorder.recorderId(), recorder.currentSnapshots());
          }
          complete(SnapshotFactory.owned(namespace, recorders, stats()));
        }
      });
    } catch (MetricsException e) {
      if (MetricsException.INVALID_RUNTIME_STATE.equals(e.reasonCode())) {
        return RuntimeSnapshot.empty(namespace, stats());
      }
      throw e;
    }
  }

  /** Any thread: retired counts plus every registered recorder's counts. */
  RuntimeStats stats() {
    RecorderStats total = retired;
    long[] sums = {total.accepted(), total.dropped(), total.rejected(), total.processed(),
        total.handlerErrors(), total.pending()};
    int recorders = 0;
    for (DefaultRecorder recorder : byId.values()) {
      recorder.addStatsTo(sums);
      recorders++;
    }
    return new RuntimeStats(sums[0], sums[1], sums[2], sums[3], sums[4], sums[5], recorders);
  }

  private static RecorderStats add(RecorderStats a, RecorderStats b) {
    return new RecorderStats(a.accepted() + b.accepted(), a.dropped() + b.dropped(),
        a.rejected() + b.rejected(), a.processed() + b.processed(),
        a.handlerErrors() + b.handlerErrors(), a.pending() + b.pending());
  }

  private void beginShutdown() {
    shuttingDown = true;
    List<DefaultRecorder> registered = new ArrayList<>(registeredCount);
    for (DefaultRecorder recorder = first; recorder != null; recorder = recorder.next) {
      registered.add(recorder);
    }
    for (DefaultRecorder recorder : registered) {
      recorder.markRemoving();
      recorder.requestStop(new CompletableFuture<>());
    }
  }

  // ---- the loop ----

  @Override
  public void run() {
    Throwable fatal = null;
    try {
      loop();
    } catch (Throwable failure) {
      fatal = failure;
      log.error("processing thread of runtime '" + namespace + "' failed", failure);
    } finally {
      terminate(fatal);
    }
  }

  private void loop() {
    for (;;) {
      int drained = drainBatch(Long.MAX_VALUE);
      if (!pendingStops.isEmpty()) {
        finishDrainedStops();
      }
      if (aborted) {
        return;
      }
      if (shuttingDown && first == null && pendingStops.isEmpty()) {
        long finalTail = ring.close();
        while (ring.head() < finalTail) {
          drainBatch(finalTail);
        }
        return;
      }
      if (drained == 0) {
        idle();
      }
    }
  }

  /** Processes up to {@link #BATCH} published items, never beyond {@code limit}; returns how many. */
  private int drainBatch(long limit) {
    long head = ring.head();
    long end = Math.min(limit, head + BATCH);
    int count = 0;
    while (head < end && !aborted) {
      Object item = ring.item(head);
      if (item == null) {
        break; // empty, or claimed and not yet written: idle() polls this slot, not the producers' tail
      }
      Object target = ring.target(head);
      ring.clear(head);
      ring.head(++head); // the slot is free even while its item is being handled
      count++;
      if (target == null) {
        ((Command<?>) item).run();
      } else {
        ((DefaultRecorder) target).deliver((MetricEvent) item);
      }
    }
    return count;
  }

  private void finishDrainedStops() {
    for (DefaultRecorder recorder : pendingStops.toArray(new DefaultRecorder[0])) {
      if (recorder.drained()) {
        pendingStops.remove(recorder);
        recorder.finishStop();
      }
    }
  }

  private boolean anyStopDrained() {
    for (DefaultRecorder recorder : pendingStops) {
      if (recorder.drained()) {
        return true;
      }
    }
    return false;
  }

  private void idle() {
    long head = ring.head();
    for (int i = 0; i < IDLE_SPINS; i++) {
      // poll the slot the producers write next only every few spins: polling it steals the line from a
      // producer writing it, and a short pause lets them fill whole lines before the consumer reads them
      for (int j = 0; j < IDLE_POLL_EVERY; j++) {
        Thread.onSpinWait();
      }
      if (ring.item(head) != null) {
        return;
      }
    }
    ring.announcePark();
    if (ring.tail() != head) {
      ring.cancelPark();
      Thread.yield(); // a producer claimed the slot and is about to write it: let it run
      return;
    }
    if (aborted || anyStopDrained()) {
      ring.cancelPark();
      return;
    }
    ring.park();
    if (!aborted) {
      Thread.interrupted(); // user code may interrupt this thread; it must not turn parking into spinning
    }
  }

  private void terminate(Throwable fatal) {
    long finalTail = ring.close();
    MetricsException ended = new MetricsException(MetricsException.RECORDER_STOP_ERROR,
        "runtime '" + namespace + "' ended before the recorder drained",
        Map.of("namespace", namespace), fatal);
    for (DefaultRecorder recorder : pendingStops) {
      recorder.failStop(ended);
    }
    pendingStops.clear();
    byId.values().forEach(DefaultRecorder::closeAcceptance);
    // commands still queued after an abort: fail them so no caller waits for its timeout
    for (long sequence = ring.head(); sequence < finalTail; sequence++) {
      Object item = ring.item(sequence);
      if (item instanceof Command<?> command && command.abandon()) {
        command.completeExceptionally(command.neverRan(notRunning(command.operation())));
      }
    }
    onTerminated.accept(fatal == null && !aborted);
  }
}
