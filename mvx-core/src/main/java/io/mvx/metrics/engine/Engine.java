package io.mvx.metrics.engine;

import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsException;
import io.mvx.metrics.OverflowPolicy;
import io.mvx.metrics.RecorderListener;
import io.mvx.metrics.RegistryListener;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.snapshot.RuntimeStats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * A runtime's processing side as {@link io.mvx.metrics.MetricsRuntime} sees it: the hand-off from producers,
 * the recorder registry, the command channel and the processing thread.
 *
 * <p>Internal: not API, may change without notice.
 */
public final class Engine {

  private final String namespace;
  private final RuntimeLog log;
  private final Handoff handoff;
  private final RecorderRegistry registry;
  private final CommandChannel commands;
  private final LongSupplier ticker;
  private final LongAdder dropped = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private volatile ProcessingLoop loop;
  /** The last cut the processing thread completed, served when a later one is late; and when it was taken. */
  private volatile RuntimeSnapshot lastGood;
  private volatile long lastGoodAt;
  private volatile Thread thread;

  /**
   * An engine that is not started yet.
   *
   * @param namespace the runtime's namespace
   * @param logPolicy how much it logs
   * @param eventBufferCapacity the most events pending in the whole runtime
   * @param timeout the longest a blocking call waits
   * @param maxRecorders the most recorders registered at once
   * @param ticker monotonic nanoseconds for idle expiry
   */
  public Engine(String namespace, LogPolicy logPolicy, int eventBufferCapacity, Duration timeout,
      int maxRecorders, LongSupplier ticker) {
    this.namespace = namespace;
    this.log = RuntimeLog.create(namespace, logPolicy);
    this.handoff = new Handoff(eventBufferCapacity);
    this.registry = new RecorderRegistry(this, maxRecorders);
    this.commands = new CommandChannel(namespace, timeout, this::onProcessingThread);
    this.ticker = ticker;
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

  long now() {
    return ticker.getAsLong();
  }

  /** True on the processing thread. */
  public boolean onProcessingThread() {
    return Thread.currentThread() == thread;
  }

  void countDropped() {
    dropped.increment();
  }

  void countRejected() {
    rejected.increment();
  }

  // ---- lifecycle ----

  /**
   * Starts the processing thread, named {@code <namespace>.metrics_runtime}, a daemon.
   *
   * @param onTerminated called on the processing thread as it ends: true when it drained and stopped cleanly
   */
  public void start(Consumer<Boolean> onTerminated) {
    lastGoodAt = System.nanoTime();
    ProcessingLoop created = new ProcessingLoop(this, commands, onTerminated);
    Thread started = new Thread(created, namespace + ".metrics_runtime");
    started.setDaemon(true);
    loop = created;
    thread = started;
    handoff.consumer(started);
    commands.consumer(started);
    started.start();
  }

  /** Asks the processing thread to drain, stop and remove every recorder and then end. */
  public void requestShutdown() {
    Command<Void> shutdown = new Command<>("shutdown") {
      @Override
      void execute() {
        loop.beginShutdown();
        complete(null);
      }
    };
    if (onProcessingThread()) {
      shutdown.run();
    } else {
      commands.offer(shutdown);
    }
  }

  /** Waits until the processing thread has ended; true when it has. */
  public boolean awaitTermination(long timeoutNanos) {
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

  /** Ends the processing thread without draining: refuses new events and interrupts the thread. */
  public void abort() {
    registry.all().forEach(DefaultRecorder::closeAcceptance);
    ProcessingLoop current = loop;
    if (current != null) {
      current.abort(thread);
    }
  }

  // ---- commands ----

  <T> T submit(Command<T> command) {
    return commands.submit(command);
  }

  <T> CompletableFuture<T> enqueue(Command<T> command) {
    return commands.enqueue(command);
  }

  MetricsException notRunning(String operation) {
    return commands.notRunning(operation);
  }

  // ---- registry ----

  /**
   * Creates, starts and registers a recorder on the processing thread.
   *
   * @throws MetricsException {@code RECORDER_ALREADY_EXISTS}, {@code RECORDER_LIMIT_EXCEEDED},
   *     {@code RECORDER_STARTUP_ERROR}, {@code INVALID_RUNTIME_STATE}, {@code OPERATION_TIMEOUT}
   */
  public RuntimeRecorder create(String id, int capacity, OverflowPolicy policy, RecorderListener listener,
      Duration idleTimeout) {
    long idleNanos = idleTimeout == null ? 0 : idleTimeout.toNanos();
    return submit(new Command<DefaultRecorder>("createRecorder") {
      @Override
      void execute() {
        if (loop.isShuttingDown()) {
          throw notRunning("createRecorder");
        }
        complete(registry.create(id, capacity, policy, listener, idleNanos));
      }
    });
  }

  /** The registered recorder {@code id}, or null. Any thread. */
  public RuntimeRecorder find(String id) {
    return registry.find(id);
  }

  /** Registered ids in creation order. Any thread. */
  public List<String> ids() {
    return registry.ids();
  }

  /** Stops a recorder and waits until it has drained. */
  public void stopRecorder(String id) {
    submit(new Command.Stop<Void>("stopRecorder", id) {
      @Override
      void execute() {
        registry.lookup(id, "stopRecorder").requestStop(this);
      }
    });
  }

  /** Stops and removes a recorder, waiting until it has drained. */
  public RuntimeRecorder stopAndRemove(String id) {
    DefaultRecorder[] target = new DefaultRecorder[1];
    DefaultRecorder removed = submit(new Command.Stop<DefaultRecorder>("stopAndRemoveRecorder", id) {
      @Override
      void execute() {
        DefaultRecorder recorder = registry.lookup(id, "stopAndRemoveRecorder");
        target[0] = recorder;
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        stopped.whenComplete((ignored, failure) -> {
          if (failure == null) {
            complete(recorder);
          } else {
            completeExceptionally(failure);
          }
        });
        registry.stopAndRemove(recorder, stopped);
      }
    });
    return removed != null ? removed : target[0];
  }

  /** The {@code RECORDER_NOT_FOUND} failure of {@code operation}. */
  public MetricsException recorderNotFound(String id, String operation) {
    return new MetricsException(MetricsException.RECORDER_NOT_FOUND,
        operation + ": no recorder '" + id + "' in runtime '" + namespace + "'",
        Map.of("recorderId", id, "namespace", namespace, "operation", operation));
  }

  /** Subscribes a registry listener. */
  public void addRegistryListener(RegistryListener listener) {
    registry.addListener(listener);
  }

  /** Unsubscribes a registry listener. */
  public void removeRegistryListener(RegistryListener listener) {
    registry.removeListener(listener);
  }

  /**
   * Every registered recorder's snapshots in one pass on the processing thread; empty once it has ended.
   * When the processing thread does not answer within {@code waitNanos}, each registered recorder's last good
   * snapshot, with the age of that cut.
   */
  public RuntimeSnapshot snapshot(long waitNanos) {
    if (commands.isClosed()) {
      return RuntimeSnapshot.empty(namespace, stats());
    }
    try {
      return commands.submit(new Command<RuntimeSnapshot>("snapshot") {
        @Override
        void execute() {
          RuntimeSnapshot.Builder builder = RuntimeSnapshot.builder(namespace, registry.registeredCount());
          registry.forEachSnapshot(builder::recorder);
          RuntimeSnapshot cut = builder.build(stats());
          lastGood = cut;
          lastGoodAt = System.nanoTime();
          complete(cut);
        }
      }, waitNanos);
    } catch (MetricsException e) {
      if (MetricsException.INVALID_RUNTIME_STATE.equals(e.reasonCode())) {
        return RuntimeSnapshot.empty(namespace, stats());
      }
      if (MetricsException.OPERATION_TIMEOUT.equals(e.reasonCode())) {
        return lastGoodCut();
      }
      throw e;
    }
  }

  /** Each registered recorder's last good snapshots (the last completed cut's, or its final ones). */
  private RuntimeSnapshot lastGoodCut() {
    RuntimeSnapshot last = lastGood;
    Map<String, Map<String, io.mvx.metrics.snapshot.MetricSnapshot>> previous =
        last == null ? Map.of() : last.recorders();
    List<String> ids = registry.ids();
    RuntimeSnapshot.Builder builder = RuntimeSnapshot.builder(namespace, ids.size());
    for (String id : ids) {
      DefaultRecorder recorder = registry.find(id);
      if (recorder != null && recorder.hasFinalState()) {
        builder.recorder(id, recorder.finalSnapshots);
      } else {
        builder.recorder(id, previous.getOrDefault(id, Map.of()));
      }
    }
    long age = System.nanoTime() - lastGoodAt; // the start when no cut completed yet
    return builder.age(java.time.Duration.ofNanos(Math.max(0, age))).build(stats());
  }

  /** The runtime's accounting; any thread. */
  public RuntimeStats stats() {
    long[] sums = registry.sums();
    return new RuntimeStats(sums[0], dropped.sum(), rejected.sum(), sums[1], sums[2], sums[3],
        registry.size(), handoff.bufferFullDrops(), registry.expired(), registry.refused(), 0);
  }
}
