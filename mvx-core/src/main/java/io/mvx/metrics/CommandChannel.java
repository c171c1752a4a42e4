package io.mvx.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How callers hand {@link Command}s to the processing thread: through the event ring (FIFO with the events),
 * waiting at most the operation timeout, or inline when the caller is the processing thread itself.
 */
final class CommandChannel {

  private final String namespace;
  private final EventRing ring;
  private final Duration timeout;
  private final long timeoutNanos;
  private final BooleanSupplier onProcessingThread;

  CommandChannel(String namespace, EventRing ring, Duration timeout, BooleanSupplier onProcessingThread) {
    this.namespace = namespace;
    this.ring = ring;
    this.timeout = timeout;
    this.timeoutNanos = timeout.toNanos();
    this.onProcessingThread = onProcessingThread;
  }

  /**
   * Runs a command on the processing thread and waits for its result at most the operation timeout; runs
   * it inline when called from the processing thread.
   *
   * @return the result, or null when the command runs inline and completes later (a stop)
   */
  <T> T submit(Command<T> command) {
    if (onProcessingThread.getAsBoolean()) {
      command.run();
      return command.isDone() ? result(command) : null;
    }
    long deadline = System.nanoTime() + timeoutNanos;
    offer(command, deadline);
    try {
      return command.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      command.abandon();
      throw timeout(command.operation());
    } catch (InterruptedException e) {
      command.abandon();
      Thread.currentThread().interrupt();
      throw new MetricsException(MetricsException.OPERATION_TIMEOUT,
          command.operation() + " on runtime '" + namespace + "' was interrupted while waiting",
          Map.of("namespace", namespace, "operation", command.operation()), e);
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    }
  }

  /** Hands a command to the processing thread without waiting; the future fails instead of throwing. */
  <T> CompletableFuture<T> enqueue(Command<T> command) {
    try {
      if (onProcessingThread.getAsBoolean()) {
        command.run();
      } else {
        offer(command, System.nanoTime() + timeoutNanos);
      }
    } catch (MetricsException e) {
      command.completeExceptionally(e);
    }
    return command.copy();
  }

  /**
   * Puts a command into the ring, waiting while it is full until the deadline.
   *
   * @throws MetricsException {@code INVALID_RUNTIME_STATE} when the ring is closed, {@code OPERATION_TIMEOUT}
   */
  void offer(Command<?> command, long deadlineNanos) {
    for (;;) {
      int offered = ring.offer(null, command);
      if (offered == EventRing.OK) {
        return;
      }
      if (offered == EventRing.CLOSED) {
        throw notRunning(command.operation());
      }
      if (System.nanoTime() - deadlineNanos >= 0) {
        throw timeout(command.operation());
      }
      ring.wakeConsumer();
      LockSupport.parkNanos(50_000); // the ring is full: the processing thread is busy draining it
    }
  }

  private static <T> T result(CompletableFuture<T> done) {
    try {
      return done.get();
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted reading a completed future", e);
    }
  }

  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof RuntimeException runtimeException) {
      return runtimeException;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return new IllegalStateException(cause);
  }

  private MetricsException timeout(String operation) {
    return new MetricsException(MetricsException.OPERATION_TIMEOUT,
        operation + " on runtime '" + namespace + "' did not complete within operationTimeout " + timeout,
        Map.of("namespace", namespace, "operation", operation, "timeout", timeout));
  }

  MetricsException notRunning(String operation) {
    return new MetricsException(MetricsException.INVALID_RUNTIME_STATE,
        operation + ": runtime '" + namespace + "' is no longer processing, expected RUNNING",
        Map.of("namespace", namespace, "operation", operation, "expectedStates", List.of("RUNNING")));
  }
}
