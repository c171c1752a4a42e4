package io.mvx.metrics.engine;

import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsException;
import io.mvx.metrics.OverflowPolicy;
import io.mvx.metrics.RecorderListener;
import io.mvx.metrics.RegistryListener;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.TraceContextSupplier;
import io.mvx.metrics.internal.ProcessingThread;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.snapshot.RuntimeStats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A runtime's processing side as {@link io.mvx.metrics.MetricsRuntime} sees it: the hand-off from producers,
 * the recorder registry, the control queue, the processing thread and the watchdog that replaces it when a
 * call into user code hangs.
 *
 * <p>Internal: not API, may change without notice.
 */
public final class Engine {

  /** Where a snapshot takes its statistics from. */
  interface StatsSource {
    RuntimeStats stats();
  }

  private final String namespace;
  private final RuntimeLog log;
  private final Handoff handoff;
  private final RecorderRegistry registry;
  private final ControlQueue controls;
  private final LongSupplier ticker;
  private final Duration operationTimeout;
  private final Duration handlerTimeout;
  private final int maxLabelValueLength;
  private final AtomicLong handlersHung = new AtomicLong();
  private final CountDownLatch terminated = new CountDownLatch(1);
  private Consumer<Boolean> onTerminated;
  private Watchdog watchdog;
  private volatile ProcessingLoop loop;
  private volatile Thread thread;
  /** The last cut the processing thread completed, served when a later one is late; and when it was taken. */
  private volatile RetainedCut lastGood;
  private volatile long lastGoodAt;

  /**
   * An engine that is not started yet.
   *
   * @param namespace the runtime's namespace
   * @param logPolicy how much it logs
   * @param eventBufferCapacity the most events pending in the whole runtime
   * @param operationTimeout the longest a blocking call waits
   * @param handlerTimeout how long a call into user code may run before it counts as hung
   * @param maxRecorders the most recorders registered at once
   * @param maxLabelValueLength the longest label value a metric snapshot may carry
   * @param ticker monotonic nanoseconds for idle expiry
   */
  public Engine(String namespace, LogPolicy logPolicy, int eventBufferCapacity, Duration operationTimeout,
      Duration handlerTimeout, int maxRecorders, int maxLabelValueLength, LongSupplier ticker) {
    this.namespace = namespace;
    this.log = RuntimeLog.create(namespace, logPolicy);
    this.handoff = new Handoff(eventBufferCapacity);
    this.registry = new RecorderRegistry(this, maxRecorders);
    this.controls = new ControlQueue(handoff);
    this.ticker = ticker;
    this.operationTimeout = operationTimeout;
    this.handlerTimeout = handlerTimeout;
    this.maxLabelValueLength = maxLabelValueLength;
  }

  int maxLabelValueLength() {
    return maxLabelValueLength;
  }

  /** The runtime's namespace. */
  public String namespace() {
    return namespace;
  }

  /** The runtime's log. */
  public RuntimeLog log() {
    return log;
  }

  Handoff handoff() {
    return handoff;
  }

  RecorderRegistry registry() {
    return registry;
  }

  ControlQueue controls() {
    return controls;
  }

  Duration operationTimeout() {
    return operationTimeout;
  }

  long now() {
    return ticker.getAsLong();
  }

  ProcessingLoop currentLoop() {
    return loop;
  }

  /** True on the processing thread. */
  public boolean onProcessingThread() {
    return Thread.currentThread() == thread;
  }

  // ---- lifecycle ----

  /**
   * Starts the processing thread, named {@code <namespace>.metrics_runtime}, a daemon, and its watchdog.
   *
   * @param onTerminated called as the processing ends: true when it drained and stopped cleanly
   */
  public void start(Consumer<Boolean> onTerminated) {
    this.onTerminated = onTerminated;
    lastGoodAt = System.nanoTime();
    startLoop(new ProcessingLoop(this, 1, null));
    watchdog = new Watchdog(this, handlerTimeout.toNanos());
    watchdog.start(namespace);
  }

  private void startLoop(ProcessingLoop created) {
    Thread started = new ProcessingThread(created, namespace + ".metrics_runtime");
    created.thread = started;
    loop = created;
    thread = started;
    handoff.consumer(started);
    started.start();
  }

  /** Asks the processing thread to drain, stop and remove every recorder and then end. */
  public void requestShutdown() {
    registry.close();
    if (onProcessingThread()) {
      loop.beginShutdown();
    } else {
      controls.offer(new Control.Shutdown());
    }
  }

  /** Waits until the processing has ended (across takeovers); true when it has. */
  public boolean awaitTermination(long timeoutNanos) {
    if (loop == null) {
      return true;
    }
    long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
    try {
      if (!terminated.await(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS)) {
        return false;
      }
      Thread last = thread; // the loop that ended counted down just before its thread returns: let it return
      last.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return terminated.getCount() == 0;
    }
  }

  /** Ends the processing without draining: refuses new events and interrupts the thread. */
  public void abort() {
    registry.live().forEach(Engine::close);
    ProcessingLoop current = loop;
    if (current != null) {
      current.abort();
    }
  }

  private static void close(DefaultRecorder recorder) {
    synchronized (recorder) {
      recorder.closeAccept();
    }
  }

  /** Called by a loop as it ends; a loop that was taken over never calls it. */
  void terminated(ProcessingLoop ended, Throwable fatal) {
    if (ended != loop) {
      return;
    }
    MetricsException endedBeforeDrain = new MetricsException(MetricsException.RECORDER_STOP_ERROR,
        "runtime '" + namespace + "' ended before the recorder drained", Map.of("namespace", namespace), fatal);
    registry.upkeep().failPendingStops(endedBeforeDrain);
    registry.live().forEach(Engine::close);
    controls.close(notRunning("processing"));
    watchdog.stop();
    onTerminated.accept(fatal == null && !ended.aborted);
    terminated.countDown();
  }

  /**
   * The watchdog found {@code hung} inside one call into user code at {@code progress} for {@code elapsedNanos}:
   * unless the call returned meanwhile, fails the recorder it concerns and starts a new processing thread
   * that carries on with every other recorder.
   */
  void takeOverIfHung(ProcessingLoop hung, long progress, long elapsedNanos) {
    if (hung != loop || hung.aborted) {
      return;
    }
    StackTraceElement[] stack = hung.calls.abandon(hung.thread, progress);
    if (stack == null) {
      return; // the call returned while we looked
    }
    DefaultRecorder recorder = hung.calls.callRecorder;
    String what = hung.calls.callWhat();
    handlersHung.incrementAndGet();
    if (recorder != null) {
      recorder.hung = true;
      RetainedCut last = lastGood;
      Map<String, MetricSnapshot> lastValues = last == null ? null : last.recorder(recorder.id);
      registry.fail(recorder, lastValues == null ? Map.of() : lastValues);
    }
    HungCall trace = new HungCall("thread " + hung.thread.getName() + " has been in " + what + " for "
        + Duration.ofNanos(elapsedNanos));
    trace.setStackTrace(stack);
    log.error("runtime '" + namespace + "': " + what + " of recorder '"
        + (recorder == null ? "?" : recorder.id) + "' ran longer than handlerTimeout " + handlerTimeout
        + "; the recorder is put into FAILURE (its series keep their last good values, its events are rejected)"
        + " and processing goes on in a new thread; the hung thread's stack follows", trace);
    startLoop(new ProcessingLoop(this, hung.generation + 1, hung));
  }

  /** The stack of a hung processing thread, for the log. */
  static final class HungCall extends Exception {
    private static final long serialVersionUID = 1L;

    HungCall(String message) {
      super(message, null, false, true);
    }
  }

  // ---- registry ----

  /**
   * Creates and registers a running recorder without waiting for the processing thread; {@code traces} is
   * where its events' trace contexts come from, null when it keeps no exemplars.
   *
   * @throws MetricsException {@code RECORDER_ALREADY_EXISTS}, {@code RECORDER_LIMIT_EXCEEDED},
   *     {@code INVALID_RUNTIME_STATE}
   */
  public RuntimeRecorder create(String id, int capacity, OverflowPolicy policy, RecorderListener listener,
      TraceContextSupplier traces, Duration idleTimeout) {
    return registry.create(id, capacity, policy, listener, traces, idleTimeout == null ? 0 : idleTimeout.toNanos());
  }

  /** The registered recorder {@code id}, or null. Any thread. */
  public RuntimeRecorder find(String id) {
    return registry.find(id);
  }

  /** Registered ids in creation order. Any thread. */
  public List<String> ids() {
    return registry.ids();
  }

  /** Stops a recorder without waiting for its drain. */
  public void stopRecorder(String id) {
    registry.stop(registry.lookup(id, "stopRecorder"), false);
  }

  /** Removes a recorder from the registry at once and stops it; its snapshots wait for the drain. */
  public RuntimeRecorder stopAndRemove(String id) {
    return registry.remove(id);
  }

  /** The {@code RECORDER_NOT_FOUND} failure of {@code operation}. */
  public MetricsException recorderNotFound(String id, String operation) {
    return new MetricsException(MetricsException.RECORDER_NOT_FOUND,
        operation + ": no recorder '" + id + "' in runtime '" + namespace + "'",
        Map.of("recorderId", id, "namespace", namespace, "operation", operation));
  }

  MetricsException notRunning(String operation) {
    return new MetricsException(MetricsException.INVALID_RUNTIME_STATE,
        operation + ": runtime '" + namespace + "' is no longer processing, expected RUNNING",
        Map.of("namespace", namespace, "operation", operation, "expectedStates", List.of("RUNNING")));
  }

  /** Subscribes a registry listener. */
  public void addRegistryListener(RegistryListener listener) {
    registry.addListener(listener);
  }

  /** Unsubscribes a registry listener. */
  public void removeRegistryListener(RegistryListener listener) {
    registry.removeListener(listener);
  }

  // ---- snapshots ----

  /**
   * Every registered recorder's snapshots in one pass on the processing thread; empty once it has ended.
   * When the processing thread does not answer within {@code waitNanos}, each registered recorder's last good
   * snapshot, with the age of that cut.
   */
  public RuntimeSnapshot snapshot(long waitNanos) {
    if (controls.isClosed()) {
      return RuntimeSnapshot.empty(namespace, stats());
    }
    if (onProcessingThread()) {
      return snapshotNow(loop);
    }
    Control.SnapshotRequest request = new Control.SnapshotRequest();
    if (!controls.offer(request)) {
      return RuntimeSnapshot.empty(namespace, stats());
    }
    try {
      return request.get(waitNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return lastGoodCut();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return lastGoodCut();
    } catch (ExecutionException e) {
      return RuntimeSnapshot.empty(namespace, stats()); // the processing ended meanwhile
    }
  }

  /** Takes a cut now, on the processing thread, and keeps it as the last good one. */
  RuntimeSnapshot snapshotNow(ProcessingLoop current) {
    RuntimeSnapshot cut = registry.upkeep().snapshotAll(current, this::stats);
    lastGood = RetainedCut.of(cut);
    lastGoodAt = System.nanoTime();
    return cut;
  }

  /** Each registered recorder's last good snapshots (the last completed cut's, or its final ones). */
  private RuntimeSnapshot lastGoodCut() {
    RetainedCut last = lastGood;
    List<String> ids = registry.ids();
    RuntimeSnapshot.Builder builder = RuntimeSnapshot.builder(namespace, ids.size());
    for (String id : ids) {
      DefaultRecorder recorder = registry.find(id);
      if (recorder != null && recorder.hasFinalState()) {
        builder.recorder(id, recorder.finalSnapshots());
      } else {
        Map<String, MetricSnapshot> previous = last == null ? null : last.recorder(id);
        builder.recorder(id, previous == null ? Map.of() : previous);
      }
    }
    long age = System.nanoTime() - lastGoodAt; // since the start when no cut completed yet
    return builder.age(Duration.ofNanos(Math.max(1, age))).build(stats());
  }

  /** The runtime's accounting; any thread. */
  public RuntimeStats stats() {
    Totals totals = registry.totals();
    RegistryTotals counts = registry.counts();
    return new RuntimeStats(totals.accepted, counts.dropped(), counts.rejected(), totals.processed,
        totals.handlerErrors, totals.pending, registry.size(), handoff.bufferFullDrops(), counts.expired(),
        counts.refused(), handlersHung.get());
  }
}
