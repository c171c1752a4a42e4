package io.mvx.metrics.otel;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Holds the processing thread in {@code handleEvent} until released: makes snapshots time out. */
final class BlockingMetric implements Metric {
  final CountDownLatch entered = new CountDownLatch(1);
  final CountDownLatch release = new CountDownLatch(1);
  private long handled;

  @Override
  public String metricName() {
    return "blocking.metric";
  }

  @Override
  public boolean handleEvent(MetricEvent event) {
    entered.countDown();
    try {
      release.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    handled++;
    return true;
  }

  @Override
  public MetricSnapshot snapshot() {
    return MetricSnapshot.builder(metricName()).counter("handled_total", handled).build();
  }
}
