package io.mvx.metrics.engine;

import io.mvx.metrics.MetricsException;
import io.mvx.metrics.MetricsRuntimeState;
import io.mvx.metrics.snapshot.RuntimeStats;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A runtime's lifecycle state machine: VIRGIN, STARTING, RUNNING, STOPPING, CLOSED, FAILURE, the start, the
 * draining shutdown bounded by the operation timeout, and the release after a failure.
 *
 * <p>Internal: not API, may change without notice.
 */
public final class RuntimeLifecycle {

  private final String namespace;
  private final Engine engine;
  private final Duration operationTimeout;
  private final Duration handlerTimeout;
  private final AtomicReference<MetricsRuntimeState> state = new AtomicReference<>(MetricsRuntimeState.VIRGIN);
  private final Object lock = new Object();

  /**
   * The lifecycle of a runtime that is not started yet.
   *
   * @param namespace the runtime's namespace
   * @param engine its engine
   * @param operationTimeout the longest a shutdown waits for the drain, plus {@code handlerTimeout}
   * @param handlerTimeout how long a hung call holds the drain up before a new thread takes over
   */
  public RuntimeLifecycle(String namespace, Engine engine, Duration operationTimeout, Duration handlerTimeout) {
    this.namespace = namespace;
    this.engine = engine;
    this.operationTimeout = operationTimeout;
    this.handlerTimeout = handlerTimeout;
  }

  /**
   * The current state.
   *
   * @return the state
   */
  public MetricsRuntimeState state() {
    return state.get();
  }

  /** VIRGIN becomes RUNNING; a no-op when RUNNING; {@code INVALID_RUNTIME_STATE} or {@code STARTUP_ERROR}. */
  public void start() {
    synchronized (lock) {
      MetricsRuntimeState now = state.get();
      if (now == MetricsRuntimeState.RUNNING) {
        return;
      }
      if (now != MetricsRuntimeState.VIRGIN) {
        throw invalidState("start", now, "VIRGIN", "RUNNING");
      }
      state.set(MetricsRuntimeState.STARTING);
      try {
        engine.start(this::terminated);
      } catch (Throwable failure) {
        state.set(MetricsRuntimeState.FAILURE);
        throw new MetricsException(MetricsException.STARTUP_ERROR,
            "processing thread of runtime '" + namespace + "' could not be started: " + failure,
            Map.of("namespace", namespace), failure);
      }
      state.set(MetricsRuntimeState.RUNNING);
      engine.log().lifecycle("runtime '" + namespace + "' started");
    }
  }

  /** See {@link io.mvx.metrics.MetricsRuntime#shutdown()}. */
  public void shutdown() {
    if (engine.onProcessingThread()) {
      if (state.compareAndSet(MetricsRuntimeState.RUNNING, MetricsRuntimeState.STOPPING)) {
        engine.requestShutdown();
      }
      return;
    }
    synchronized (lock) {
      MetricsRuntimeState now = state.get();
      switch (now) {
        case VIRGIN, CLOSED -> state.set(MetricsRuntimeState.CLOSED);
        case FAILURE -> release();
        default -> drainAndStop(now);
      }
    }
  }

  /**
   * Fails unless RUNNING.
   *
   * @param operation the call, for the message
   * @throws MetricsException {@code INVALID_RUNTIME_STATE}
   */
  public void requireRunning(String operation) {
    MetricsRuntimeState now = state.get();
    if (now != MetricsRuntimeState.RUNNING) {
      throw invalidState(operation, now, "RUNNING");
    }
  }

  private void drainAndStop(MetricsRuntimeState now) {
    // a hung call holds the drain up for handlerTimeout before a new processing thread carries on
    long deadline = System.nanoTime() + operationTimeout.toNanos() + handlerTimeout.toNanos();
    try {
      if (now == MetricsRuntimeState.RUNNING) {
        state.compareAndSet(MetricsRuntimeState.RUNNING, MetricsRuntimeState.STOPPING);
        engine.requestShutdown();
      }
      if (engine.awaitTermination(deadline - System.nanoTime())) {
        state.set(MetricsRuntimeState.CLOSED);
        engine.log().lifecycle("runtime '" + namespace + "' shut down");
        return;
      }
    } catch (MetricsException e) {
      // could not even queue the shutdown: fall through to the abort
    }
    engine.abort();
    engine.awaitTermination(operationTimeout.toNanos());
    state.set(MetricsRuntimeState.FAILURE);
    RuntimeStats stats = engine.stats();
    MetricsException failure = new MetricsException(MetricsException.SHUTDOWN_ERROR,
        "runtime '" + namespace + "' did not drain within operationTimeout " + operationTimeout
            + " (plus handlerTimeout " + handlerTimeout + ")"
            + "; the processing thread was interrupted with " + stats.pending() + " events pending",
        Map.of("namespace", namespace, "timeout", operationTimeout, "pending", stats.pending()));
    engine.log().error(failure.getMessage(), null);
    throw failure;
  }

  private void release() {
    engine.abort();
    if (!engine.awaitTermination(operationTimeout.toNanos())) {
      throw new MetricsException(MetricsException.SHUTDOWN_ERROR,
          "processing thread of runtime '" + namespace + "' is still blocked in metric or listener code",
          Map.of("namespace", namespace));
    }
    state.set(MetricsRuntimeState.CLOSED);
    engine.log().lifecycle("runtime '" + namespace + "' released after a failure");
  }

  /** Called on the processing thread as it ends. */
  private void terminated(boolean drained) {
    if (drained) {
      state.compareAndSet(MetricsRuntimeState.STOPPING, MetricsRuntimeState.CLOSED);
    } else {
      state.compareAndSet(MetricsRuntimeState.RUNNING, MetricsRuntimeState.FAILURE);
    }
  }

  /** What to do about a runtime that is not running. */
  private static String hint(MetricsRuntimeState now) {
    switch (now) {
      case VIRGIN:
        return "; call runtime.start() first";
      case STOPPING:
      case CLOSED:
        return "; a runtime that was shut down does not restart: build a new one";
      case FAILURE:
        return "; the processing thread failed: call shutdown() to release it and build a new runtime";
      default:
        return "";
    }
  }

  private MetricsException invalidState(String operation, MetricsRuntimeState now, String... expected) {
    return new MetricsException(MetricsException.INVALID_RUNTIME_STATE,
        operation + ": runtime '" + namespace + "' is " + now + ", expected " + String.join(" or ", expected)
            + hint(now),
        Map.of("namespace", namespace, "runtimeState", now, "expectedStates", List.of(expected),
            "operation", operation));
  }
}
