package io.mvx.metrics.reliability;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

/**
 * A slow metric the test controls: each hit takes one permit of {@link #gate} before it is counted, so
 * the processing thread runs only as fast as the test hands out permits. {@link #entered} opens when the
 * first hit is waiting; {@link #thread} is the processing thread seen there. Waiting is interruptible:
 * an interrupt (a runtime aborting its shutdown) makes {@code handleEvent} throw.
 */
final class GatedMetric implements Metric {

  final Semaphore gate = new Semaphore(0);
  final CountDownLatch entered = new CountDownLatch(1);
  volatile Thread thread;
  private long count;

  @Override
  public String metricName() {
    return "gated";
  }

  @Override
  public boolean handleEvent(MetricEvent event) {
    if (!(event instanceof Hit)) {
      return false;
    }
    thread = Thread.currentThread();
    entered.countDown();
    try {
      gate.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while gated", e);
    }
    count++;
    return true;
  }

  /** Lets every waiting and future hit through. */
  void open() {
    gate.release(1_000_000_000);
  }

  @Override
  public MetricSnapshot snapshot() {
    return MetricSnapshot.builder("gated").counter("count", count).build();
  }
}
