package io.mvx.metrics.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The threads of one test: every task's failure is collected (nothing escapes unseen), loops run until
 * {@link #stop()}, and {@link #close()} ends whatever is left.
 */
final class Workers implements AutoCloseable {

  /** A loop body that may throw anything. */
  interface Body {
    void run() throws Exception;
  }

  /** A loop started by {@link #repeat}: how often its body ran, and its end. */
  record Loop(String name, AtomicLong iterations, Future<?> done) {}

  private final ExecutorService pool;
  private final Queue<Throwable> errors = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean stopped = new AtomicBoolean();

  Workers(String prefix) {
    AtomicInteger count = new AtomicInteger();
    pool = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Runs {@code task} on its own thread; a throwable it ends with is collected (and fails the future). */
  <T> Future<T> submit(String name, Callable<T> task) {
    return pool.submit(() -> {
      try {
        return task.call();
      } catch (Throwable failure) {
        errors.add(new AssertionError(name + " failed: " + failure, failure));
        throw failure;
      }
    });
  }

  /** Runs {@code body} over and over on its own thread until {@link #stop()}; the first throwable ends it. */
  Loop repeat(String name, Body body) {
    AtomicLong iterations = new AtomicLong();
    Future<?> done = submit(name, () -> {
      while (!stopped.get()) {
        body.run();
        iterations.incrementAndGet();
      }
      return null;
    });
    return new Loop(name, iterations, done);
  }

  /** Asks every loop to end after its current iteration. */
  void stop() {
    stopped.set(true);
  }

  /** Stops the loops and waits for them (a deadlock guard, not a timing assertion). */
  void stopAndAwait(List<Loop> loops, Duration bound) throws Exception {
    stop();
    for (Loop loop : loops) {
      try {
        loop.done().get(bound.toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException collected) {
        // already in errors()
      }
    }
  }

  /** Everything that escaped a task so far. */
  List<Throwable> errors() {
    return new ArrayList<>(errors);
  }

  @Override
  public void close() {
    stop();
    pool.shutdownNow();
    try {
      pool.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
