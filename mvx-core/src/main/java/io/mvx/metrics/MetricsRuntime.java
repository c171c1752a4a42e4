package io.mvx.metrics;

import io.mvx.metrics.engine.Engine;
import io.mvx.metrics.engine.RuntimeLifecycle;
import io.mvx.metrics.engine.RuntimeLog;
import io.mvx.metrics.internal.Checks;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.snapshot.RuntimeStats;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Owns one processing thread and the registry of recorders; the application owns its lifecycle.
 *
 * <p>All recorders of a runtime share its thread (named {@code <namespace>.metrics_runtime}, a daemon)
 * and its hand-off from producer threads: a recorder is a few counters and its metrics, so one runtime
 * holds many thousands of per-entity recorders (at most {@link Builder#maxRecorders}). Metric code runs only on
 * that thread.
 *
 * <pre>{@code
 * try (MetricsRuntime runtime = new MetricsRuntime("example.metrics")) {
 *   runtime.start();
 *   RuntimeRecorder recorder = runtime.createRecorder("document_storage");
 *   DocumentStorage storage = new DocumentStorage(recorder);
 *   storage.saveDocument("doc-001", "First document");
 *   System.out.println(recorder.getMetricSnapshots());
 * }
 * }</pre>
 *
 * <p>Lifecycle calls (creating, stopping, starting and removing recorders, registering metrics) never wait
 * for the processing thread: the registry reflects them at once. Snapshots wait at most their deadline (the
 * {@linkplain Builder#operationTimeout operation timeout} at most) and otherwise serve the last good cut; made
 * from the processing thread itself (from a listener) they run inline and never deadlock. A call into metric
 * or listener code that runs longer than {@linkplain Builder#handlerTimeout the handler timeout} fails only
 * its recorder; processing goes on in a new thread.
 */
public final class MetricsRuntime implements AutoCloseable {

  private final String namespace;
  private final Duration operationTimeout;
  private final RecorderDefaults recorderDefaults;
  private final RuntimeLog log;
  private final Engine engine;
  private final RuntimeLifecycle lifecycle;

  /**
   * A runtime with default settings.
   *
   * @param namespace names the runtime (and its thread), e.g. {@code "example.metrics"}; trimmed,
   *     non-blank, no control characters
   */
  public MetricsRuntime(String namespace) {
    this(builder(namespace));
  }

  private MetricsRuntime(Builder builder) {
    this.namespace = builder.namespace;
    this.operationTimeout = builder.operationTimeout;
    int eventBufferCapacity = builder.eventBufferCapacity();
    this.recorderDefaults = new RecorderDefaults(namespace, builder.defaultQueueCapacity,
        builder.defaultOverflowPolicy, builder.defaultIdleTimeout, eventBufferCapacity, builder.maxLabelValueLength,
        builder.defaultExemplars, RecorderDefaults.traces(builder.traceContextSupplier));
    this.engine = new Engine(namespace, builder.logPolicy, eventBufferCapacity, operationTimeout,
        builder.handlerTimeout, builder.maxRecorders, builder.maxLabelValueLength, builder.ticker);
    this.log = engine.log();
    this.lifecycle = new RuntimeLifecycle(namespace, engine, operationTimeout, builder.handlerTimeout);
  }

  /**
   * A builder for a runtime named {@code namespace}.
   *
   * @param namespace names the runtime (and its thread), e.g. {@code "example.metrics"}; trimmed,
   *     non-blank, no control characters
   * @return a builder with the default settings
   * @throws NullPointerException if {@code namespace} is null
   * @throws IllegalArgumentException if {@code namespace} is blank or holds control characters
   */
  public static Builder builder(String namespace) {
    return new Builder(namespace);
  }

  /**
   * The runtime's namespace (trimmed).
   *
   * @return the namespace
   */
  public String namespace() {
    return namespace;
  }

  /**
   * The current lifecycle state.
   *
   * @return the state
   */
  public MetricsRuntimeState getStatus() {
    return lifecycle.state();
  }

  /**
   * Starts the processing thread: VIRGIN becomes RUNNING; a no-op when already RUNNING.
   *
   * @throws MetricsException {@code INVALID_RUNTIME_STATE} in any other state, {@code STARTUP_ERROR} when
   *     the thread cannot be started
   */
  public void start() {
    lifecycle.start();
  }

  /**
   * Drains every accepted event, stops and removes every recorder, and releases the thread. Idempotent;
   * a closed runtime never restarts. Concurrent callers all return once it is closed.
   *
   * <p>When the drain does not finish within the operation timeout (a metric blocks), the thread is
   * interrupted, the runtime ends in FAILURE and {@code SHUTDOWN_ERROR} is thrown; calling
   * {@code shutdown()} again releases the thread and closes the runtime. Called from the processing
   * thread itself, it starts the shutdown and returns without waiting.
   *
   * @throws MetricsException {@code SHUTDOWN_ERROR} as described above
   */
  public void shutdown() {
    lifecycle.shutdown();
  }

  /** Same as {@link #shutdown()}. */
  @Override
  public void close() {
    shutdown();
  }

  /**
   * Creates and starts a recorder with the runtime's default options.
   *
   * @param recorderId trimmed, non-blank, no control characters, unique in this runtime
   * @return the running recorder
   * @throws IllegalArgumentException when {@code recorderId} is blank, holds control characters or is longer
   *     than {@link Builder#maxLabelValueLength}
   * @throws MetricsException {@code RECORDER_ALREADY_EXISTS}, {@code RECORDER_LIMIT_EXCEEDED},
   *     {@code INVALID_RUNTIME_STATE}
   */
  public RuntimeRecorder createRecorder(String recorderId) {
    return createRecorder(recorderId, RecorderOptions.defaults());
  }

  /**
   * Creates and starts a recorder; its listener's {@code onStarting} runs before it accepts events. Of
   * concurrent creators of one id exactly one wins.
   *
   * @param recorderId trimmed, non-blank, no control characters, at most {@link Builder#maxLabelValueLength}
   *     characters, unique in this runtime
   * @param options the recorder's settings; unset fields take the runtime's defaults
   * @return the recorder
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException when {@code recorderId} is invalid or too long, or the options'
   *     {@code queueCapacity} exceeds the runtime's {@code eventBufferCapacity}, or they ask for exemplars and
   *     the runtime has no trace context supplier
   * @throws MetricsException {@code RECORDER_ALREADY_EXISTS}, {@code RECORDER_LIMIT_EXCEEDED} (the runtime
   *     holds {@code maxRecorders}), {@code INVALID_RUNTIME_STATE}; a throwing {@code onStarting} puts the
   *     recorder into {@code FAILURE} on the processing thread instead
   */
  public RuntimeRecorder createRecorder(String recorderId, RecorderOptions options) {
    return recorderDefaults.create(engine, recorderId, options, () -> requireRunning("createRecorder"));
  }

  /**
   * The recorder registered under {@code recorderId}.
   *
   * @param recorderId the recorder's id; trimmed before the lookup
   * @return the recorder
   * @throws MetricsException {@code RECORDER_NOT_FOUND}, {@code INVALID_RUNTIME_STATE}
   */
  public RuntimeRecorder getRecorder(String recorderId) {
    String id = Checks.identifier(recorderId, "recorderId");
    requireRunning("getRecorder");
    log.inspection("getRecorder '" + id + "'");
    RuntimeRecorder recorder = engine.find(id);
    if (recorder == null) {
      throw engine.recorderNotFound(id, "getRecorder");
    }
    return recorder;
  }

  /**
   * The recorder registered under {@code recorderId}, or empty (also when the runtime is not running).
   *
   * @param recorderId the recorder's id; trimmed before the lookup
   * @return the recorder, or empty
   */
  public Optional<RuntimeRecorder> findRecorder(String recorderId) {
    String id = Checks.identifier(recorderId, "recorderId");
    log.inspection("findRecorder '" + id + "'");
    return Optional.ofNullable(engine.find(id));
  }

  /**
   * The ids of the registered recorders in creation order.
   *
   * @return the recorder ids
   * @throws MetricsException {@code INVALID_RUNTIME_STATE}
   */
  public List<String> listRecorderIds() {
    requireRunning("listRecorderIds");
    log.inspection("listRecorderIds");
    return engine.ids();
  }

  /**
   * Stops a recorder without waiting for the processing thread: it refuses events at once and processes every
   * event accepted before the call; {@link RuntimeRecorder#stop()} returns a future that completes then. It
   * stays registered and can be started again. A no-op on a stopped recorder.
   *
   * @param recorderId the recorder's id; trimmed before the lookup
   * @throws MetricsException {@code RECORDER_NOT_FOUND}, {@code INVALID_RUNTIME_STATE}
   */
  public void stopRecorder(String recorderId) {
    String id = Checks.identifier(recorderId, "recorderId");
    requireRunning("stopRecorder");
    engine.stopRecorder(id);
  }

  /**
   * Removes a recorder from the registry at once (its id is free again) and stops it, without waiting for the
   * processing thread; its {@code getMetricSnapshots()} waits for the drain (at most the operation timeout) and
   * then holds every event accepted before this call. Of concurrent removers one wins, the others get
   * {@code RECORDER_NOT_FOUND}.
   *
   * @param recorderId the recorder's id; trimmed before the lookup
   * @return the removed recorder
   * @throws MetricsException {@code RECORDER_NOT_FOUND}, {@code INVALID_RUNTIME_STATE}
   */
  public RuntimeRecorder stopAndRemoveRecorder(String recorderId) {
    String id = Checks.identifier(recorderId, "recorderId");
    requireRunning("stopAndRemoveRecorder");
    return engine.stopAndRemove(id);
  }

  /**
   * Every registered recorder's metric snapshots, taken in one pass on the processing thread, plus the
   * runtime's statistics. Never throws for state: when the runtime is not running it is empty. Waits at most
   * the operation timeout; see {@link #snapshot(Duration)} for what is served when the cut is late.
   *
   * @return the current cut, or the last good one with its age
   */
  public RuntimeSnapshot snapshot() {
    return snapshot(operationTimeout);
  }

  /**
   * {@link #snapshot()} that waits at most {@code deadline} (and never longer than the operation timeout):
   * what a scrape or collection calls with the deadline its scraper gives. When the processing thread does not
   * deliver the current cut in time, every registered recorder's last good snapshot is served instead, and
   * {@link RuntimeSnapshot#age()} says how old that cut is; the statistics are current either way. Never
   * throws for state or for time.
   *
   * @param deadline the longest to wait; positive
   * @return the current cut, or the last good one with its age
   */
  public RuntimeSnapshot snapshot(Duration deadline) {
    Checks.positive(deadline, "deadline");
    log.inspection("snapshot");
    if (lifecycle.state() != MetricsRuntimeState.RUNNING && !engine.onProcessingThread()) {
      return RuntimeSnapshot.empty(namespace, engine.stats());
    }
    return engine.snapshot(Math.min(deadline.toNanos(), operationTimeout.toNanos()));
  }

  /**
   * The runtime's event accounting; cheap, from any thread, at any time.
   *
   * @return the runtime's statistics now
   */
  public RuntimeStats stats() {
    return engine.stats();
  }

  /**
   * Subscribes an adapter to registry changes (recorders created and removed, metrics registered). The
   * listener is called on the processing thread; it does not hear about what exists already, so read
   * {@link #snapshot()} or {@link #listRecorderIds()} after subscribing.
   *
   * @param listener the listener
   * @throws NullPointerException if {@code listener} is null
   */
  public void addRegistryListener(RegistryListener listener) {
    engine.addRegistryListener(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Unsubscribes a listener added with {@link #addRegistryListener}.
   *
   * @param listener the listener
   * @throws NullPointerException if {@code listener} is null
   */
  public void removeRegistryListener(RegistryListener listener) {
    engine.removeRegistryListener(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public String toString() {
    return "MetricsRuntime{namespace=" + namespace + ", state=" + lifecycle.state() + "}";
  }

  private void requireRunning(String operation) {
    lifecycle.requireRunning(operation);
  }

  /**
   * Builds a {@link MetricsRuntime}.
   *
   * <pre>{@code
   * MetricsRuntime runtime = MetricsRuntime.builder("networking.metrics")
   *     .defaultQueueCapacity(1_000)
   *     .operationTimeout(Duration.ofSeconds(2))
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    /** The default of {@link #maxRecorders}. */
    public static final int DEFAULT_MAX_RECORDERS = 100_000;
    /** The default of {@link #handlerTimeout}: two seconds. */
    public static final Duration DEFAULT_HANDLER_TIMEOUT = Duration.ofSeconds(2);
    /** The default of {@link #maxLabelValueLength}. */
    public static final int DEFAULT_MAX_LABEL_VALUE_LENGTH = 1_024;
    private static final int DEFAULT_EVENT_BUFFER = 1 << 20;
    private final String namespace;
    private int defaultQueueCapacity = 10_000;
    private OverflowPolicy defaultOverflowPolicy = OverflowPolicy.DROP;
    private Duration operationTimeout = Duration.ofSeconds(5);
    private LogPolicy logPolicy = LogPolicy.NORMAL;
    private int eventBufferCapacity;
    private Duration defaultIdleTimeout;
    private int maxRecorders = DEFAULT_MAX_RECORDERS;
    private LongSupplier ticker = System::nanoTime;
    private Duration handlerTimeout = DEFAULT_HANDLER_TIMEOUT;
    private int maxLabelValueLength = DEFAULT_MAX_LABEL_VALUE_LENGTH;
    private boolean defaultExemplars;
    private TraceContextSupplier traceContextSupplier;

    private Builder(String namespace) {
      this.namespace = Checks.identifier(namespace, "namespace");
    }

    /**
     * Per-recorder bound of accepted but unprocessed events (default 10 000); at least 1. A recorder fed by
     * one thread never holds more. Threads emitting to one recorder at once do not share a cache line per
     * event (API.md §7.2): each takes up to {@code min(queueCapacity, 256)} places at a time, so together
     * they may pass the bound by at most that many events per thread beyond the first (4 threads, default
     * capacity: at most 10,768 pending). Nothing accepted is dropped.
     *
     * @param queueCapacity the queue capacity in events, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code queueCapacity} is below 1
     */
    public Builder defaultQueueCapacity(int queueCapacity) {
      this.defaultQueueCapacity = Checks.positive(queueCapacity, "defaultQueueCapacity");
      return this;
    }

    /**
     * What {@code registerEvent} does on a full queue (default {@link OverflowPolicy#DROP}).
     *
     * @param overflowPolicy the policy
     * @return this builder
     * @throws NullPointerException if {@code overflowPolicy} is null
     */
    public Builder defaultOverflowPolicy(OverflowPolicy overflowPolicy) {
      this.defaultOverflowPolicy = Objects.requireNonNull(overflowPolicy, "defaultOverflowPolicy");
      return this;
    }

    /**
     * The longest a blocking call waits for the processing thread (default 5 s); positive.
     *
     * @param operationTimeout the timeout, positive
     * @return this builder
     * @throws NullPointerException if {@code operationTimeout} is null
     * @throws IllegalArgumentException if {@code operationTimeout} is zero or negative
     */
    public Builder operationTimeout(Duration operationTimeout) {
      this.operationTimeout = Checks.positive(operationTimeout, "operationTimeout");
      return this;
    }

    /**
     * How much the runtime logs (default {@link LogPolicy#NORMAL}).
     *
     * @param logPolicy the policy
     * @return this builder
     * @throws NullPointerException if {@code logPolicy} is null
     */
    public Builder logPolicy(LogPolicy logPolicy) {
      this.logPolicy = Objects.requireNonNull(logPolicy, "logPolicy");
      return this;
    }

    /**
     * The most events pending in the whole runtime, all recorders together (default: 2^20 or
     * {@link #defaultQueueCapacity}, whichever is larger). An event that finds the runtime full is counted
     * as dropped, like one that finds its recorder's queue full, and in
     * {@link io.mvx.metrics.snapshot.RuntimeStats#bufferFullDropped()}. Storage for pending events is taken
     * as they arrive and given back as they are processed: an idle runtime holds none of it beyond a small
     * fixed amount, whatever this bound. No recorder's {@code queueCapacity} may exceed it.
     *
     * @param capacity the bound in events, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code capacity} is below 1
     */
    public Builder eventBufferCapacity(int capacity) {
      this.eventBufferCapacity = Checks.positive(capacity, "eventBufferCapacity");
      return this;
    }

    /**
     * The idle timeout of recorders whose options set none (default: none): a recorder that takes no
     * event for this long is stopped and removed; see {@link RecorderOptions.Builder#idleTimeout}.
     *
     * @param idleTimeout how long a recorder may take no event, positive
     * @return this builder
     * @throws NullPointerException if {@code idleTimeout} is null
     * @throws IllegalArgumentException if {@code idleTimeout} is zero or negative
     */
    public Builder defaultIdleTimeout(Duration idleTimeout) {
      this.defaultIdleTimeout = Checks.positive(idleTimeout, "defaultIdleTimeout");
      return this;
    }

    /**
     * The most recorders registered at once (default {@value #DEFAULT_MAX_RECORDERS});
     * {@code createRecorder} beyond it fails with {@code RECORDER_LIMIT_EXCEEDED}, and the refusals are
     * counted in {@link io.mvx.metrics.snapshot.RuntimeStats#recordersRefused()}. A guard against a
     * recorder id taken from unbounded input (a client address, a user id) exhausting memory.
     *
     * @param maxRecorders the limit, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code maxRecorders} is below 1
     */
    public Builder maxRecorders(int maxRecorders) {
      this.maxRecorders = Checks.positive(maxRecorders, "maxRecorders");
      return this;
    }

    /**
     * How long one call into user code (a metric's {@code handleEvent} or {@code snapshot}, a listener) may
     * run before it counts as hung (default 2 s): the runtime then logs the processing thread's stack naming
     * the recorder and the metric, puts that recorder into {@code FAILURE} (its later events are rejected, its
     * series keep its last good snapshot), counts it in {@link RuntimeStats#handlersHung()} and carries on with
     * every other recorder on a new processing thread.
     *
     * @param handlerTimeout positive
     * @return this builder
     */
    public Builder handlerTimeout(Duration handlerTimeout) {
      this.handlerTimeout = Checks.positive(handlerTimeout, "handlerTimeout");
      return this;
    }

    /**
     * The longest recorder id and label value accepted, in characters (default
     * {@value #DEFAULT_MAX_LABEL_VALUE_LENGTH}): a longer recorder id is refused by {@code createRecorder}, and
     * a metric snapshot with a longer label value is left out of collections and counted in
     * {@code handlerErrors}.
     *
     * @param maxLength at least 1
     * @return this builder
     */
    public Builder maxLabelValueLength(int maxLength) {
      this.maxLabelValueLength = Checks.positive(maxLength, "maxLabelValueLength");
      return this;
    }

    /**
     * Whether recorders keep exemplars unless their {@link RecorderOptions.Builder#exemplars(boolean) options}
     * say otherwise (default false). A recorder with exemplars takes the producing thread's trace context on
     * every {@code registerEvent} (from the {@link #traceContextSupplier(TraceContextSupplier) supplier}; by
     * default the OpenTelemetry context) and hands it to its metrics with the event; a {@link Histogram} then
     * keeps the latest exemplar of each bucket. Off, it costs {@code registerEvent} one test of a field.
     *
     * @param enabled true for exemplars by default
     * @return this builder
     */
    public Builder exemplars(boolean enabled) {
      this.defaultExemplars = enabled;
      return this;
    }

    /**
     * Where recorders with exemplars take an event's trace context from; default: the current span of the
     * OpenTelemetry context when the OpenTelemetry API is on the class path.
     *
     * @param supplier the supplier, called on producer threads
     * @return this builder
     * @throws NullPointerException if {@code supplier} is null
     */
    public Builder traceContextSupplier(TraceContextSupplier supplier) {
      this.traceContextSupplier = Objects.requireNonNull(supplier, "traceContextSupplier");
      return this;
    }

    /**
     * The monotonic nanosecond clock idle timeouts are measured with (default {@code System::nanoTime});
     * tests inject their own to expire recorders without waiting.
     *
     * @param ticker the clock, in nanoseconds
     * @return this builder
     * @throws NullPointerException if {@code ticker} is null
     */
    public Builder ticker(LongSupplier ticker) {
      this.ticker = Objects.requireNonNull(ticker, "ticker");
      return this;
    }

    /**
     * Builds a runtime in state VIRGIN; call {@link MetricsRuntime#start()} next.
     *
     * @return the new runtime
     * @throws IllegalArgumentException when {@code defaultQueueCapacity} exceeds an explicitly set
     *     {@code eventBufferCapacity}, or exemplars are on with no trace context supplier
     */
    public MetricsRuntime build() {
      if (defaultExemplars && RecorderDefaults.traces(traceContextSupplier) == null) {
        throw new IllegalArgumentException("true: exemplars of runtime '" + namespace + "', which has "
            + RecorderDefaults.NO_TRACES);
      }
      if (eventBufferCapacity != 0 && defaultQueueCapacity > eventBufferCapacity) {
        throw new IllegalArgumentException(defaultQueueCapacity + ": defaultQueueCapacity exceeds "
            + "eventBufferCapacity " + eventBufferCapacity + " of runtime '" + namespace + "'");
      }
      return new MetricsRuntime(this);
    }

    private int eventBufferCapacity() {
      return eventBufferCapacity != 0 ? eventBufferCapacity : Math.max(DEFAULT_EVENT_BUFFER, defaultQueueCapacity);
    }
  }
}
