package io.mvx.metrics.engine;

import io.mvx.metrics.MetricsException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How callers hand {@link Command}s to the processing thread: through a queue the processing thread polls
 * between passes over the lanes, waiting at most the operation timeout, or inline when the caller is the
 * processing thread itself. Queuing a command wakes the processing thread at once.
 */
final class CommandChannel {

  private final String namespace;
  private final Duration timeout;
  private final long timeoutNanos;
  private final BooleanSupplier onProcessingThread;
  private final ConcurrentLinkedQueue<Command<?>> queue = new ConcurrentLinkedQueue<>();
  private volatile Thread consumer;
  private volatile boolean closed;

  CommandChannel(String namespace, Duration timeout, BooleanSupplier onProcessingThread) {
    this.namespace = namespace;
    this.timeout = timeout;
    this.timeoutNanos = timeout.toNanos();
    this.onProcessingThread = onProcessingThread;
  }

  void consumer(Thread thread) {
    this.consumer = thread;
  }

  /**
   * Runs a command on the processing thread and waits for its result at most the operation timeout; runs
   * it inline when called from the processing thread.
   *
   * @return the result, or null when the command runs inline and completes later (a stop)
   */
  <T> T submit(Command<T> command) {
    return submit(command, timeoutNanos);
  }

  /** As {@link #submit(Command)}, waiting at most {@code waitNanos}. */
  <T> T submit(Command<T> command, long waitNanos) {
    if (onProcessingThread.getAsBoolean()) {
      command.run();
      return command.isDone() ? result(command) : null;
    }
    long deadline = System.nanoTime() + waitNanos;
    offer(command);
    try {
      return command.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      command.abandon();
      throw timeout(command.operation(), Duration.ofNanos(waitNanos));
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
        offer(command);
      }
    } catch (MetricsException e) {
      command.completeExceptionally(e);
    }
    return command.copy();
  }

  /**
   * Queues a command and wakes the processing thread.
   *
   * @throws MetricsException {@code INVALID_RUNTIME_STATE} when the processing thread has ended
   */
  void offer(Command<?> command) {
    if (closed) {
      throw notRunning(command.operation());
    }
    queue.offer(command);
    if (closed && command.abandon()) {
      // the processing thread ended while this was being queued and will not see it
      throw notRunning(command.operation());
    }
    LockSupport.unpark(consumer);
  }

  /** The next command, or null; processing thread only. */
  Command<?> poll() {
    return queue.poll();
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }

  /** Refuses later commands and fails the queued ones; called by the processing thread as it ends. */
  void close() {
    closed = true;
    Command<?> command;
    while ((command = queue.poll()) != null) {
      if (command.abandon()) {
        command.completeExceptionally(command.neverRan(notRunning(command.operation())));
      }
    }
  }

  boolean isClosed() {
    return closed;
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

  private MetricsException timeout(String operation, Duration waited) {
    return new MetricsException(MetricsException.OPERATION_TIMEOUT,
        operation + " on runtime '" + namespace + "' did not complete within "
            + (waited.equals(timeout) ? "operationTimeout " : "its deadline ") + waited,
        Map.of("namespace", namespace, "operation", operation, "timeout", waited));
  }

  MetricsException notRunning(String operation) {
    return new MetricsException(MetricsException.INVALID_RUNTIME_STATE,
        operation + ": runtime '" + namespace + "' is no longer processing, expected RUNNING",
        Map.of("namespace", namespace, "operation", operation, "expectedStates", List.of("RUNNING")));
  }
}
