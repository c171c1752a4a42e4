package io.mvx.metrics.benchmarks;

import io.mvx.metrics.MetricEvent;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;

/**
 * The baseline of {@link ThroughputBenchmark}: the pipeline one would build by hand from
 * {@link ArrayBlockingQueue} and one consumer thread, doing the same metric work as MVX's processing
 * thread ({@link CounterMetric#handleEvent}). A producer learns that its events are processed by queueing
 * a future behind them, as MVX's read-your-writes snapshot does.
 */
final class BlockingQueuePipeline implements Runnable {

  private static final Object STOP = new Object();

  private final BlockingQueue<Object> queue;
  private final CounterMetric metric = new CounterMetric();
  private final Thread consumer;

  BlockingQueuePipeline(int capacity) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.consumer = new Thread(this, "abq-baseline-consumer");
    this.consumer.setDaemon(true);
    this.consumer.start();
  }

  /** Any thread: hands one event to the consumer, waiting while the queue is full. */
  void emit(MetricEvent event) throws InterruptedException {
    queue.put(event);
  }

  /** Any thread: returns once every event this thread emitted before is processed. */
  void awaitProcessed() throws InterruptedException {
    CompletableFuture<Void> marker = new CompletableFuture<>();
    queue.put(marker);
    marker.join();
  }

  /** Stops the consumer after it has processed everything queued; returns the events it counted. */
  long stop() throws InterruptedException {
    queue.put(STOP);
    consumer.join();
    return metric.count(); // visible: the consumer thread has ended
  }

  @Override
  public void run() {
    try {
      for (;;) {
        Object item = queue.take();
        if (item == STOP) {
          return;
        }
        if (item instanceof CompletableFuture<?> marker) {
          marker.complete(null);
        } else {
          metric.handleEvent((MetricEvent) item);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
