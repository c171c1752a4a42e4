package io.mvx.metrics.micrometer;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A test metric whose snapshot the test sets from its own thread; it counts its snapshots and can be told
 * to block or throw in {@code snapshot()}.
 */
final class ScriptedMetric implements Metric {
  private final String name;
  private final AtomicInteger snapshots = new AtomicInteger();
  private volatile MetricSnapshot next;
  private volatile CountDownLatch blockUntil;
  private volatile RuntimeException failure;

  ScriptedMetric(String name, UnaryOperator<MetricSnapshot.Builder> values) {
    this.name = name;
    show(values);
  }

  /** The snapshot returned from now on. */
  void show(UnaryOperator<MetricSnapshot.Builder> values) {
    next = values.apply(MetricSnapshot.builder(name)).build();
  }

  /** How many times the runtime asked for a snapshot. */
  int snapshots() {
    return snapshots.get();
  }

  /** Makes {@code snapshot()} wait for {@code latch} (null: stop blocking). */
  void blockUntil(CountDownLatch latch) {
    this.blockUntil = latch;
  }

  /** Makes {@code snapshot()} throw {@code failure} (null: stop throwing). */
  void failWith(RuntimeException failure) {
    this.failure = failure;
  }

  @Override
  public String metricName() {
    return name;
  }

  @Override
  public boolean handleEvent(MetricEvent event) {
    return false;
  }

  @Override
  public MetricSnapshot snapshot() {
    snapshots.incrementAndGet();
    CountDownLatch latch = blockUntil;
    if (latch != null) {
      try {
        latch.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    RuntimeException toThrow = failure;
    if (toThrow != null) {
      throw toThrow;
    }
    return next;
  }
}
