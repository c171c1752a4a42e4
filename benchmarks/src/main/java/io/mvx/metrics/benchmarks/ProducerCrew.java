package io.mvx.metrics.benchmarks;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fixed set of producer threads that run one task together per {@link #runOnce()}: the calling thread
 * releases them all at once and returns when every one has finished its task. Used by
 * {@link ThroughputBenchmark} so that one JMH operation is one round of all producers, measured from one
 * thread, rather than several JMH threads whose last operations end at different times.
 */
final class ProducerCrew {

  /** The work of one producer in one round. */
  interface Task {
    void run() throws Exception;
  }

  private final Thread[] threads;
  private final CyclicBarrier start;
  private final CyclicBarrier end;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean closed;

  ProducerCrew(int producers, Task task) {
    this.start = new CyclicBarrier(producers + 1);
    this.end = new CyclicBarrier(producers + 1);
    this.threads = new Thread[producers];
    for (int i = 0; i < producers; i++) {
      threads[i] = new Thread(() -> loop(task), "producer-" + i);
      threads[i].setDaemon(true);
      threads[i].start();
    }
  }

  /** Runs the task once on every producer, concurrently; returns when all have finished. */
  void runOnce() throws InterruptedException, BrokenBarrierException {
    start.await();
    end.await();
    Throwable failed = failure.get();
    if (failed != null) {
      throw new IllegalStateException("a producer failed", failed);
    }
  }

  private void loop(Task task) {
    try {
      for (;;) {
        start.await();
        if (closed) {
          return;
        }
        try {
          task.run();
        } catch (Exception | Error e) {
          failure.compareAndSet(null, e);
        }
        end.await();
      }
    } catch (InterruptedException | BrokenBarrierException e) {
      // closing
    }
  }

  /** Ends the producer threads; call only between rounds. */
  void close() throws InterruptedException {
    closed = true;
    try {
      start.await();
    } catch (BrokenBarrierException e) {
      // a producer is gone already
    }
    for (Thread thread : threads) {
      thread.join();
    }
  }
}
