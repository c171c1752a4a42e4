package io.mvx.metrics.engine;

import io.mvx.metrics.MetricsException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A blocking operation for the processing thread, which takes every event published before the command
 * was queued before it runs it: this is what gives read-your-writes.
 *
 * <p>A caller that times out cancels the command if it has not started yet, so an abandoned
 * {@code createRecorder} does not create a recorder later. A command may complete after {@link #execute()}
 * returns (a stop completes once its recorder has drained).
 */
abstract class Command<T> extends CompletableFuture<T> {

  private static final int PENDING = 0;
  private static final int STARTED = 1;
  private static final int CANCELLED = 2;
  private static final VarHandle PHASE;

  static {
    try {
      PHASE = MethodHandles.lookup().findVarHandle(Command.class, "phase", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String operation;
  private volatile int phase; // accessed through PHASE

  Command(String operation) {
    this.operation = operation;
  }

  /** The operation's name for error messages and logs, e.g. {@code createRecorder}. */
  final String operation() {
    return operation;
  }

  /** Runs the command on the processing thread unless its caller gave up on it first. */
  final void run() {
    if (!PHASE.compareAndSet(this, PENDING, STARTED)) {
      return;
    }
    try {
      execute();
    } catch (Throwable failure) {
      completeExceptionally(failure);
    }
  }

  /** Called by a caller that timed out: true when the command will now never run. */
  final boolean abandon() {
    return PHASE.compareAndSet(this, PENDING, CANCELLED);
  }

  /** Does the work on the processing thread; completes this future now or later. */
  abstract void execute();

  /**
   * The failure for a command that never ran because the runtime ended first ({@code INVALID_RUNTIME_STATE});
   * a stop says that its recorder could not be stopped.
   */
  MetricsException neverRan(MetricsException runtimeEnded) {
    return runtimeEnded;
  }

  /** A command that stops a recorder: if the runtime ends first, it fails with {@code RECORDER_STOP_ERROR}. */
  abstract static class Stop<T> extends Command<T> {
    private final String recorderId;

    Stop(String operation, String recorderId) {
      super(operation);
      this.recorderId = recorderId;
    }

    @Override
    MetricsException neverRan(MetricsException runtimeEnded) {
      return new MetricsException(MetricsException.RECORDER_STOP_ERROR,
          operation() + ": recorder '" + recorderId + "' could not be drained and stopped: "
              + runtimeEnded.getMessage(), Map.of("recorderId", recorderId), runtimeEnded);
    }
  }
}
